package storetest

import (
	"testing"

	"github.com/hookflow/hookflow/store"
)

var keyTests = []test{
	{"CreateByHash", func(t *testing.T, s store.Store) {
		k := newKey("key_1", 0)
		must(t, "CreateKey", s.CreateKey(t.Context(), k))
		must(t, "CreateKey", s.CreateKey(t.Context(), newKey("key_2", 1)))
		got, err := s.KeyByHash(t.Context(), k.Hash)
		must(t, "KeyByHash", err)
		requireKey(t, got, k)
	}},
	{"ByHashMissing", func(t *testing.T, s store.Store) {
		must(t, "CreateKey", s.CreateKey(t.Context(), newKey("key_1", 0)))
		_, err := s.KeyByHash(t.Context(), "sha256-of-nothing")
		requireErr(t, "KeyByHash", err, store.ErrNotFound)
	}},
	{"DuplicateID", func(t *testing.T, s store.Store) {
		must(t, "CreateKey", s.CreateKey(t.Context(), newKey("key_1", 0)))
		k := newKey("key_1", 1)
		k.Hash = "sha256-other"
		requireErr(t, "CreateKey same id", s.CreateKey(t.Context(), k), store.ErrConflict)
	}},
	{"DuplicateHash", func(t *testing.T, s store.Store) {
		must(t, "CreateKey", s.CreateKey(t.Context(), newKey("key_1", 0)))
		k := newKey("key_2", 1)
		k.Hash = newKey("key_1", 0).Hash
		requireErr(t, "CreateKey same hash", s.CreateKey(t.Context(), k), store.ErrConflict)
	}},
	{"ListOldestFirst", func(t *testing.T, s store.Store) {
		list, err := s.ListKeys(t.Context())
		must(t, "ListKeys empty", err)
		requireEmpty(t, "ListKeys of an empty store", list)
		want := []*store.APIKey{newKey("key_b", 1), newKey("key_c", 2), newKey("key_a", 3)}
		for _, i := range []int{2, 0, 1} {
			must(t, "CreateKey", s.CreateKey(t.Context(), want[i]))
		}
		list, err = s.ListKeys(t.Context())
		must(t, "ListKeys", err)
		if len(list) != len(want) {
			t.Fatalf("ListKeys = %d keys, want %d", len(list), len(want))
		}
		for i := range want {
			requireKey(t, list[i], want[i])
		}
	}},
	{"Delete", func(t *testing.T, s store.Store) {
		k := newKey("key_1", 0)
		must(t, "CreateKey", s.CreateKey(t.Context(), k))
		must(t, "CreateKey", s.CreateKey(t.Context(), newKey("key_2", 1)))
		must(t, "DeleteKey", s.DeleteKey(t.Context(), "key_1"))
		_, err := s.KeyByHash(t.Context(), k.Hash)
		requireErr(t, "KeyByHash after delete", err, store.ErrNotFound)
		requireErr(t, "DeleteKey again", s.DeleteKey(t.Context(), "key_1"), store.ErrNotFound)
		list, err := s.ListKeys(t.Context())
		must(t, "ListKeys", err)
		if len(list) != 1 || list[0].ID != "key_2" {
			t.Fatalf("ListKeys after delete = %s, want only key_2", dump(list))
		}
	}},
}
