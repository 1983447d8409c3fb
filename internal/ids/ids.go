// Package ids makes the random identifiers hookflow hands out: prefixed,
// 128 bits from crypto/rand, safe in URLs and file names.
package ids

import (
	"crypto/rand"
	"encoding/base32"
	"strings"
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
