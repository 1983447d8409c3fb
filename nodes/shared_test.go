package nodes

import (
	"encoding/json"
	"testing"
	"time"
)

func TestDuration_UnmarshalJSON(t *testing.T) {
	t.Parallel()
	tests := []struct {
		in      string
		want    time.Duration
		wantErr bool
	}{
		{`"30s"`, 30 * time.Second, false},
		{`"1h30m"`, 90 * time.Minute, false},
		{`""`, 0, false},
		{`"0s"`, 0, false},
		{`"-5s"`, 0, true},
		{`"soon"`, 0, true},
		{`30`, 0, true},
		{`null`, 0, false},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			t.Parallel()
			var d Duration
			err := json.Unmarshal([]byte(tt.in), &d)
			if (err != nil) != tt.wantErr {
				t.Fatalf("err = %v, want error %v", err, tt.wantErr)
			}
			if d.Std() != tt.want {
				t.Errorf("got %v, want %v", d, tt.want)
			}
		})
	}
}

func TestDuration_RoundTrip(t *testing.T) {
	t.Parallel()
	in := Duration(90 * time.Second)
	b, err := json.Marshal(in)
	if err != nil || string(b) != `"1m30s"` {
		t.Fatalf("Marshal = %s, %v", b, err)
	}
	var out Duration
	if err := json.Unmarshal(b, &out); err != nil || out != in {
		t.Errorf("Unmarshal = %v, %v", out, err)
	}
}

func TestMappingsField_Registers(t *testing.T) {
	t.Parallel()
	s := validSpec("start", 1, KindTrigger)
	s.Fields = append(s.Fields, MappingsField())
	NewRegistry().Register(s)
	f, _ := s.Field(MappingsFieldName)
	if len(f.Fields) != 2 || f.Fields[0].Name != MappingNameField || f.Fields[1].Name != MappingPathField {
		t.Errorf("mapping item fields = %+v", f.Fields)
	}
}
