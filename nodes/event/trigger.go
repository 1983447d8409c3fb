package event

import (
	"time"

	"github.com/hookflow/hookflow/internal/mapping"
)

// TriggerData returns the trigger data of a run started by a platform
// event, which the trigger's mapping paths read: {"event": {"id", "type",
// "channel", "data", "receivedAt"}}. data must be JSON; an empty one is
// null.
func TriggerData(id, typ, channel string, data []byte, receivedAt time.Time) []byte {
	b := make([]byte, 0, len(data)+160)
	b = mapping.AppendString(append(b, `{"event":{"id":`...), id)
	b = mapping.AppendString(append(b, `,"type":`...), typ)
	b = mapping.AppendString(append(b, `,"channel":`...), channel)
	b = appendData(append(b, `,"data":`...), data)
	b = mapping.AppendString(append(b, `,"receivedAt":`...), receivedAt.UTC().Format(time.RFC3339Nano))
	return append(b, "}}"...)
}

// ExampleData returns the trigger data that stands for an event of type
// typ before one was captured: {"event": {"type", "channel", "data"}},
// with the catalog's example as data.
func ExampleData(typ, channel string, example []byte) []byte {
	b := mapping.AppendString([]byte(`{"event":{"type":`), typ)
	b = mapping.AppendString(append(b, `,"channel":`...), channel)
	b = appendData(append(b, `,"data":`...), example)
	return append(b, "}}"...)
}

func appendData(b, data []byte) []byte {
	if len(data) == 0 {
		return append(b, "null"...)
	}
	return append(b, data...)
}
