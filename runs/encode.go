package runs

import (
	"strconv"
	"time"

	"github.com/hookflow/hookflow/internal/mapping"
)

// AppendStepsJSON appends steps as the JSON array encoding/json would
// write for them, without reflection and without re-validating the raw
// values, which CheckJSON has checked: writing a run is the hot path of
// every webhook, and the trigger step's output alone is the whole request.
// Times are written at millisecond precision in UTC, as stores keep them.
func AppendStepsJSON(dst []byte, steps []Step) []byte {
	dst = append(dst, '[')
	for i := range steps {
		if i > 0 {
			dst = append(dst, ',')
		}
		dst = appendStep(dst, &steps[i])
	}
	return append(dst, ']')
}

func appendStep(b []byte, s *Step) []byte {
	b = append(b, `{"nodeId":`...)
	b = mapping.AppendString(b, s.NodeID)
	b = append(b, `,"type":`...)
	b = mapping.AppendString(b, s.Type)
	b = append(b, `,"status":`...)
	b = mapping.AppendString(b, string(s.Status))
	b = appendOptString(b, `,"port":`, s.Port)
	b = appendOptRaw(b, `,"input":`, s.Input)
	b = appendOptRaw(b, `,"output":`, s.Output)
	b = appendOptString(b, `,"error":`, s.Error)
	b = appendOptRaw(b, `,"vars":`, s.Vars)
	if len(s.Missing) > 0 {
		b = append(b, `,"missing":[`...)
		for i, m := range s.Missing {
			if i > 0 {
				b = append(b, ',')
			}
			b = mapping.AppendString(b, m)
		}
		b = append(b, ']')
	}
	b = appendOptString(b, `,"reason":`, s.Reason)
	b = append(b, `,"attempts":`...)
	b = strconv.AppendInt(b, int64(s.Attempts), 10)
	b = append(b, `,"startedAt":"`...)
	b = s.StartedAt.UTC().Truncate(time.Millisecond).AppendFormat(b, time.RFC3339Nano)
	b = append(b, `","durationMs":`...)
	b, _ = mapping.AppendFloat(b, s.DurationMs)
	return append(b, '}')
}

func appendOptString(b []byte, key, v string) []byte {
	if v == "" {
		return b
	}
	return mapping.AppendString(append(b, key...), v)
}

func appendOptRaw(b []byte, key string, v []byte) []byte {
	if len(v) == 0 {
		return b
	}
	return append(append(b, key...), v...)
}
