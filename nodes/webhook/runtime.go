package webhook

import "github.com/hookflow/hookflow/nodes"

// Build builds the webhook trigger's runtime: the run's output is the
// request ({method, path, headers, query, body}) and the mappings set run
// variables. Method, auth, size, rate and dedup are checked at intake,
// before a run exists.
func Build(b nodes.Builder) (nodes.Runner, error) {
	var cfg Config
	if err := b.Decode(&cfg); err != nil {
		return nil, err
	}
	return nodes.BuildTrigger(b, cfg.Mappings)
}

var _ nodes.BuildFunc = Build
