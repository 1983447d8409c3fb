// Package secrets seals values at rest with AES-256-GCM: stored
// credentials, and anything else that must not be readable from a copy of
// the database. Its rule: a sealed value names the key that sealed it, so
// that keys can be rotated: a Box opens what any of its keys sealed and
// seals with the first.
package secrets

import (
	"crypto/aes"
	"crypto/cipher"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
)

// KeySize is the length of a key: AES-256.
const KeySize = 32

// version is the first byte of every sealed value, for a later format.
const version = 1

// Layout of a sealed value: version, key id, nonce, then the GCM output.
const (
	idSize     = 4
	nonceSize  = 12
	headerSize = 1 + idSize + nonceSize
)

// Sentinel errors of Open.
var (
	// ErrUnknownKey means the value was sealed with a key the Box lacks.
	ErrUnknownKey = errors.New("sealed with a key this installation does not have")
	// ErrCorrupt means the value was changed, cut, or sealed for another
	// record (its additional data differs).
	ErrCorrupt = errors.New("sealed value is corrupt or belongs to another record")
)

// Box seals and opens values. It is safe for concurrent use.
type Box struct {
	keys []boxKey // keys[0] seals
}

type boxKey struct {
	id   [idSize]byte
	aead cipher.AEAD
}

// NewBox returns a Box that seals with the first key and opens with any.
// Each key is KeySize bytes.
func NewBox(keys ...[]byte) (*Box, error) {
	if len(keys) == 0 {
		return nil, errors.New("secrets: a box needs a key")
	}
	b := &Box{}
	for i, k := range keys {
		if len(k) != KeySize {
			return nil, fmt.Errorf("secrets: key %d has %d bytes, want %d", i+1, len(k), KeySize)
		}
		block, err := aes.NewCipher(k)
		if err != nil {
			return nil, fmt.Errorf("secrets: key %d: %w", i+1, err)
		}
		aead, err := cipher.NewGCM(block)
		if err != nil {
			return nil, fmt.Errorf("secrets: key %d: %w", i+1, err)
		}
		b.keys = append(b.keys, boxKey{id: KeyID(k), aead: aead})
	}
	return b, nil
}

// KeyID returns the identifier a sealed value carries for key: the first
// bytes of its SHA-256, which say nothing usable about the key itself.
func KeyID(key []byte) [idSize]byte {
	sum := sha256.Sum256(append([]byte("hookflow secret key id\x00"), key...))
	return [idSize]byte(sum[:idSize])
}

// SealingKeyID returns the hex id of the key that seals, for logs.
func (b *Box) SealingKeyID() string { return hex.EncodeToString(b.keys[0].id[:]) }

// Seal encrypts plaintext under a fresh random nonce. aad is bound to the
// result without being stored in it: Open needs the same aad, so a value
// sealed for one record (aad = its id) cannot be moved to another.
func (b *Box) Seal(plaintext, aad []byte) ([]byte, error) {
	k := &b.keys[0]
	out := make([]byte, headerSize, headerSize+len(plaintext)+k.aead.Overhead())
	out[0] = version
	copy(out[1:], k.id[:])
	if _, err := rand.Read(out[1+idSize : headerSize]); err != nil {
		return nil, fmt.Errorf("secrets: nonce: %w", err)
	}
	return k.aead.Seal(out, out[1+idSize:headerSize], plaintext, additional(out[:1+idSize], aad)), nil
}

// Open decrypts what Seal gave, with the same aad.
func (b *Box) Open(sealed, aad []byte) ([]byte, error) {
	if len(sealed) < headerSize || sealed[0] != version {
		return nil, ErrCorrupt
	}
	for i := range b.keys {
		k := &b.keys[i]
		if [idSize]byte(sealed[1:1+idSize]) != k.id {
			continue
		}
		plain, err := k.aead.Open(nil, sealed[1+idSize:headerSize], sealed[headerSize:], additional(sealed[:1+idSize], aad))
		if err != nil {
			return nil, ErrCorrupt
		}
		return plain, nil
	}
	return nil, fmt.Errorf("%w (key id %x)", ErrUnknownKey, sealed[1:1+idSize])
}

// additional binds the header (version, key id) and the caller's aad, so
// that neither can be changed without Open failing.
func additional(header, aad []byte) []byte {
	out := make([]byte, 0, len(header)+len(aad))
	return append(append(out, header...), aad...)
}
