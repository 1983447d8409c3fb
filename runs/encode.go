package runs

import (
	"bytes"
	"encoding/json"
	"strconv"
	"time"

	"github.com/hookflow/hookflow/internal/mapping"
)

// AppendStepsJSON appends steps as the JSON array encoding/json would
// write for them, without reflection and without re-validating the raw
// values, which CheckJSON has checked: writing a run is the hot path of
// every webhook. A step whose output is the run's trigger (the trigger
// step's, the whole request again) is written with "outputIsTrigger":true
// instead; DecodeStoredSteps puts the trigger back. Times are written at
// millisecond precision in UTC, as stores keep them.
func AppendStepsJSON(dst []byte, steps []Step, trigger Trigger) []byte {
	dst = append(dst, '[')
	for i := range steps {
		if i > 0 {
			dst = append(dst, ',')
		}
		dst = appendStep(dst, &steps[i], trigger)
	}
	return append(dst, ']')
}

// SharesTrigger reports whether a step's output is the run's trigger, which
// stores keep once: the trigger step outputs the very bytes of the trigger.
func SharesTrigger(output []byte, trigger Trigger) bool {
	return len(output) > 0 && bytes.Equal(output, trigger)
}

// StoredStep is a step as AppendStepsJSON writes it.
type StoredStep struct {
	Step
	OutputIsTrigger bool `json:"outputIsTrigger,omitempty"`
}

// DecodeStoredSteps reads what AppendStepsJSON wrote (or a plain array of
// steps, as runs were stored before), giving the trigger back to the step
// that shares it.
func DecodeStoredSteps(data []byte, trigger Trigger) ([]Step, error) {
	var stored []StoredStep
	if err := json.Unmarshal(data, &stored); err != nil {
		return nil, err
	}
	steps := make([]Step, len(stored))
	for i := range stored {
		steps[i] = stored[i].Step
		if stored[i].OutputIsTrigger {
			steps[i].Output = trigger
		}
	}
	return steps, nil
}

func appendStep(b []byte, s *Step, trigger Trigger) []byte {
	b = append(b, `{"nodeId":`...)
	b = mapping.AppendString(b, s.NodeID)
	b = append(b, `,"type":`...)
	b = mapping.AppendString(b, s.Type)
	b = append(b, `,"status":`...)
	b = mapping.AppendString(b, string(s.Status))
	b = appendOptString(b, `,"port":`, s.Port)
	b = appendOptRaw(b, `,"input":`, s.Input)
	if SharesTrigger(s.Output, trigger) {
		b = append(b, `,"outputIsTrigger":true`...)
	} else {
		b = appendOptRaw(b, `,"output":`, s.Output)
	}
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
