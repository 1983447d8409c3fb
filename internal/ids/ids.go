// Package ids makes the random identifiers hookflow hands out: prefixed,
// 128 bits from crypto/rand, safe in URLs and file names.
package ids

import (
	"crypto/rand"
	"encoding/base32"
	"strings"
	"time"
)

var enc = base32.NewEncoding("abcdefghijklmnopqrstuvwxyz234567").WithPadding(base32.NoPadding)

// Random returns n random bytes, base32 encoded (lower case, no padding).
func Random(n int) string {
	b := make([]byte, n)
	if _, err := rand.Read(b); err != nil {
		panic("ids: crypto/rand failed: " + err.Error()) // never happens on supported systems
	}
	return enc.EncodeToString(b)
}

// New returns prefix_ followed by 128 random bits, e.g. "flw_k3...".
func New(prefix string) string {
	var b strings.Builder
	b.WriteString(prefix)
	b.WriteByte('_')
	b.WriteString(Random(16))
	return b.String()
}

// Generator makes ids; tests inject a deterministic one.
type Generator func(prefix string) string

// NewSortable returns prefix_ followed by 48 bits of the current Unix time
// in milliseconds and 80 random bits. Ids made later sort later, so
// records keyed by them are appended to the end of a B-tree index instead
// of landing on a random page: a store writes a few pages per batch, not
// one per record.
func NewSortable(prefix string, now time.Time) string {
	var b [16]byte
	ms := uint64(now.UnixMilli())
	for i := 5; i >= 0; i-- {
		b[i] = byte(ms)
		ms >>= 8
	}
	if _, err := rand.Read(b[6:]); err != nil {
		panic("ids: crypto/rand failed: " + err.Error())
	}
	return prefix + "_" + sortableEnc.EncodeToString(b[:])
}

// SortableTime returns the time, to the millisecond, at which the sortable
// id id was made; false if id cannot be one NewSortable made.
func SortableTime(id string) (time.Time, bool) {
	_, enc, ok := strings.Cut(id, "_")
	if !ok {
		return time.Time{}, false
	}
	b, err := sortableEnc.DecodeString(enc)
	if err != nil || len(b) != 16 {
		return time.Time{}, false
	}
	var ms int64
	for _, c := range b[:6] {
		ms = ms<<8 | int64(c)
	}
	return time.UnixMilli(ms), true
}

// sortableEnc is base32 with an alphabet in ASCII order, so that encoded
// strings sort as their bytes do.
var sortableEnc = base32.NewEncoding("234567abcdefghijklmnopqrstuvwxyz").WithPadding(base32.NoPadding)
