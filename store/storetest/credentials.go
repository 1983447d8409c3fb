package storetest

import (
	"errors"
	"reflect"
	"testing"
	"time"

	"github.com/hookflow/hookflow/credentials"
)

// Credentials is the contract of a credentials.Store: records come back as
// stored (sealed secret bytes untouched), listing is by name, and missing
// or duplicate ids give the package's sentinel errors.
func Credentials(t *testing.T, s credentials.Store) {
	ctx := t.Context()
	at := time.Date(2026, 3, 4, 5, 6, 7, 8_000_000, time.UTC)
	b := &credentials.Credential{ID: "crd_b", Name: "HubSpot", Type: "hubspot", CreatedAt: at, UpdatedAt: at,
		Public: map[string]string{}, Secret: []byte{0, 1, 2, 250, 255}}
	a := &credentials.Credential{ID: "crd_a", Name: "Basic", Type: "basic", CreatedAt: at, UpdatedAt: at,
		Public: map[string]string{"username": "ops"}, Secret: []byte("sealed")}
	for _, c := range []*credentials.Credential{b, a} {
		if err := s.CreateCredential(ctx, c); err != nil {
			t.Fatalf("create %s: %v", c.ID, err)
		}
	}
	if err := s.CreateCredential(ctx, a); !errors.Is(err, credentials.ErrConflict) {
		t.Fatalf("create twice = %v, want ErrConflict", err)
	}
	got, err := s.GetCredential(ctx, "crd_b")
	if err != nil || !reflect.DeepEqual(got, b) {
		t.Fatalf("get = %+v, %v; want %+v", got, err, b)
	}
	list, err := s.ListCredentials(ctx)
	if err != nil || len(list) != 2 || list[0].ID != "crd_a" || list[1].ID != "crd_b" {
		t.Fatalf("list = %v, %v; want crd_a then crd_b (by name)", list, err)
	}
	a.Name, a.Secret, a.UpdatedAt = "Basic auth", []byte("resealed"), at.Add(time.Hour)
	if err := s.UpdateCredential(ctx, a); err != nil {
		t.Fatal(err)
	}
	if got, _ := s.GetCredential(ctx, "crd_a"); !reflect.DeepEqual(got, a) {
		t.Fatalf("after update = %+v, want %+v", got, a)
	}
	if err := s.UpdateCredential(ctx, &credentials.Credential{ID: "crd_none", Public: map[string]string{}}); !errors.Is(err, credentials.ErrNotFound) {
		t.Fatalf("update missing = %v, want ErrNotFound", err)
	}
	if err := s.DeleteCredential(ctx, "crd_a"); err != nil {
		t.Fatal(err)
	}
	if _, err := s.GetCredential(ctx, "crd_a"); !errors.Is(err, credentials.ErrNotFound) {
		t.Fatalf("get deleted = %v, want ErrNotFound", err)
	}
	if err := s.DeleteCredential(ctx, "crd_a"); !errors.Is(err, credentials.ErrNotFound) {
		t.Fatalf("delete twice = %v, want ErrNotFound", err)
	}
}
