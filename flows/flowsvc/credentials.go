package flowsvc

import (
	"context"
	"encoding/json"
	"fmt"
	"slices"

	"github.com/hookflow/hookflow/flows"
	"github.com/hookflow/hookflow/nodes"
)

// CredentialUse is a flow whose steps name a credential.
type CredentialUse struct {
	FlowID   string `json:"flowId"`
	FlowName string `json:"flowName"`
	// Steps are the ids of the steps that name it, in the draft or in the
	// published version that runs.
	Steps []string `json:"steps"`
}

// CredentialUses lists the flows whose draft or published version has a
// step with a credential field set to id, so that deleting a credential
// does not silently break the flows that sign in with it.
func (s *Service) CredentialUses(ctx context.Context, id string) ([]CredentialUse, error) {
	all, err := s.Store.ListFlows(ctx)
	if err != nil {
		return nil, err
	}
	var uses []CredentialUse
	for _, f := range all {
		steps := s.stepsNaming(f.Nodes, id)
		if f.Version > 0 {
			v, err := s.Store.GetVersion(ctx, f.ID, f.Version)
			if err != nil {
				return nil, fmt.Errorf("flow %s version %d: %w", f.ID, f.Version, err)
			}
			for _, n := range s.stepsNaming(v.Nodes, id) {
				if !slices.Contains(steps, n) {
					steps = append(steps, n)
				}
			}
		}
		if len(steps) > 0 {
			uses = append(uses, CredentialUse{FlowID: f.ID, FlowName: f.Name, Steps: steps})
		}
	}
	return uses, nil
}

// stepsNaming returns the ids of the nodes with a credential field, at the
// top of their config or inside a list item, set to id.
func (s *Service) stepsNaming(ns []flows.Node, id string) []string {
	var out []string
	for _, n := range ns {
		spec, ok := s.Registry.Lookup(n.Type, n.TypeVersion)
		if ok && len(n.Config) > 0 && namesCredential(spec.Fields, n.Config, id) {
			out = append(out, n.ID)
		}
	}
	return out
}

func namesCredential(fields []nodes.Field, config json.RawMessage, id string) bool {
	var obj map[string]json.RawMessage
	if json.Unmarshal(config, &obj) != nil {
		return false
	}
	for _, f := range fields {
		raw, ok := obj[f.Name]
		if !ok {
			continue
		}
		switch f.Kind {
		case nodes.FieldCredential:
			var v string
			if json.Unmarshal(raw, &v) == nil && v == id {
				return true
			}
		case nodes.FieldList:
			var items []json.RawMessage
			if json.Unmarshal(raw, &items) != nil {
				continue
			}
			for _, item := range items {
				if namesCredential(f.Fields, item, id) {
					return true
				}
			}
		}
	}
	return false
}
