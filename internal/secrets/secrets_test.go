package secrets

import (
	"bytes"
	"encoding/base64"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func newKey(t *testing.T) []byte {
	t.Helper()
	s, err := GenerateKey()
	if err != nil {
		t.Fatal(err)
	}
	k, err := ParseKey(s)
	if err != nil {
		t.Fatal(err)
	}
	return k
}

func TestBox_SealOpen(t *testing.T) {
	t.Parallel()
	box, err := NewBox(newKey(t))
	if err != nil {
		t.Fatal(err)
	}
	plain := []byte(`{"token":"pat-na1-123"}`)
	a, err := box.Seal(plain, []byte("crd_1"))
	if err != nil {
		t.Fatal(err)
	}
	b, _ := box.Seal(plain, []byte("crd_1"))
	if bytes.Equal(a, b) {
		t.Error("two seals of one value are equal: the nonce is not random")
	}
	if bytes.Contains(a, []byte("pat-na1")) {
		t.Error("the sealed value holds the plaintext")
	}
	got, err := box.Open(a, []byte("crd_1"))
	if err != nil || !bytes.Equal(got, plain) {
		t.Fatalf("Open = %q, %v", got, err)
	}
	if _, err := box.Open(a, []byte("crd_2")); !errors.Is(err, ErrCorrupt) {
		t.Errorf("open with another record's aad: %v", err)
	}
	tampered := append([]byte(nil), a...)
	tampered[len(tampered)-1] ^= 1
	if _, err := box.Open(tampered, []byte("crd_1")); !errors.Is(err, ErrCorrupt) {
		t.Errorf("open a changed value: %v", err)
	}
	if _, err := box.Open(a[:10], []byte("crd_1")); !errors.Is(err, ErrCorrupt) {
		t.Errorf("open a cut value: %v", err)
	}
}

func TestBox_Rotation(t *testing.T) {
	t.Parallel()
	oldKey, newKeyBytes := newKey(t), newKey(t)
	oldBox, _ := NewBox(oldKey)
	sealed, _ := oldBox.Seal([]byte("v"), nil)
	rotated, err := NewBox(newKeyBytes, oldKey)
	if err != nil {
		t.Fatal(err)
	}
	if got, err := rotated.Open(sealed, nil); err != nil || string(got) != "v" {
		t.Fatalf("a rotated box opens old values: %q %v", got, err)
	}
	resealed, _ := rotated.Seal([]byte("v"), nil)
	if _, err := oldBox.Open(resealed, nil); !errors.Is(err, ErrUnknownKey) {
		t.Errorf("the old box opened a value of the new key: %v", err)
	}
}

func TestNewBox_RefusesBadKeys(t *testing.T) {
	t.Parallel()
	if _, err := NewBox(); err == nil {
		t.Error("a box without keys")
	}
	if _, err := NewBox(make([]byte, 16)); err == nil {
		t.Error("a 16-byte key")
	}
}

func TestLoadOrCreateKey(t *testing.T) {
	t.Parallel()
	dir := filepath.Join(t.TempDir(), "data")
	k1, err := LoadOrCreateKey(dir, "")
	if err != nil {
		t.Fatal(err)
	}
	info, err := os.Stat(filepath.Join(dir, KeyFile))
	if err != nil || info.Mode().Perm() != 0o600 {
		t.Fatalf("key file: %v %v", info, err)
	}
	k2, err := LoadOrCreateKey(dir, "")
	if err != nil || !bytes.Equal(k1, k2) {
		t.Fatalf("second load differs: %v", err)
	}
	env := base64.StdEncoding.EncodeToString(bytes.Repeat([]byte{7}, KeySize))
	k3, err := LoadOrCreateKey(dir, env)
	if err != nil || !bytes.Equal(k3, bytes.Repeat([]byte{7}, KeySize)) {
		t.Fatalf("the variable's key: %v", err)
	}
	if _, err := LoadOrCreateKey(dir, "c2hvcnQ="); err == nil || !strings.Contains(err.Error(), "HOOKFLOW_SECRET_KEY") {
		t.Errorf("a short key: %v", err)
	}
	if err := os.Chmod(filepath.Join(dir, KeyFile), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := LoadOrCreateKey(dir, ""); err == nil || !strings.Contains(err.Error(), "chmod 600") {
		t.Errorf("a world-readable key file: %v", err)
	}
}
