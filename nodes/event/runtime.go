package event

import "github.com/hookflow/hookflow/nodes"

// Build builds the platform-event trigger's runtime: the run's output is
// the event ({"event": {type, channel, data}}) and the mappings, whose
// paths start at that object ("event.data.customer.phone"), set run
// variables. Which events start a run is decided at ingest.
func Build(b nodes.Builder) (nodes.Runner, error) {
	var cfg Config
	if err := b.Decode(&cfg); err != nil {
		return nil, err
	}
	return nodes.BuildTrigger(b, cfg.Mappings)
}

var _ nodes.BuildFunc = Build
