package runs

import (
	"encoding/base64"
	"fmt"
	"strconv"
	"strings"
	"time"
	"unicode"
)

// SearchTerms returns the normalised values of a run's business fields, the
// keys of the run search index.
func SearchTerms(fields map[string]string) []string {
	seen := make(map[string]bool, len(fields))
	out := make([]string, 0, len(fields))
	for _, v := range fields {
		t := NormalizeTerm(v)
		if t != "" && !seen[t] {
			seen[t] = true
			out = append(out, t)
		}
	}
	return out
}

// MaxTermLen bounds an indexed value.
const MaxTermLen = 200

// NormalizeTerm folds a value for search: lower case, trimmed, and a phone
// number reduced to its digits, so "+91 98765-43210" finds "919876543210".
func NormalizeTerm(v string) string {
	v = strings.ToLower(strings.TrimSpace(v))
	if len(v) > MaxTermLen {
		v = v[:MaxTermLen]
	}
	if looksLikePhone(v) {
		return strings.Map(func(r rune) rune {
			if unicode.IsDigit(r) {
				return r
			}
			return -1
		}, v)
	}
	return v
}

func looksLikePhone(v string) bool {
	digits := 0
	for _, r := range v {
		switch {
		case unicode.IsDigit(r):
			digits++
		case r == '+' || r == ' ' || r == '-' || r == '(' || r == ')' || r == '.':
		default:
			return false
		}
	}
	return digits >= 6
}

// Cursor marks a position in a newest-first listing: the creation time and
// id of the last run returned.
type Cursor struct {
	CreatedAt time.Time
	ID        string
}

// Encode returns the cursor as an opaque string.
func (c Cursor) Encode() string {
	return base64.RawURLEncoding.EncodeToString([]byte(strconv.FormatInt(c.CreatedAt.UnixMilli(), 10) + "_" + c.ID))
}

// DecodeCursor parses a cursor made by Encode; "" is the start.
func DecodeCursor(s string) (Cursor, error) {
	if s == "" {
		return Cursor{}, nil
	}
	raw, err := base64.RawURLEncoding.DecodeString(s)
	if err != nil {
		return Cursor{}, fmt.Errorf("cursor %q is not one this server made", s)
	}
	ms, id, ok := strings.Cut(string(raw), "_")
	n, err := strconv.ParseInt(ms, 10, 64)
	if !ok || err != nil || id == "" {
		return Cursor{}, fmt.Errorf("cursor %q is not one this server made", s)
	}
	return Cursor{CreatedAt: time.UnixMilli(n).UTC(), ID: id}, nil
}
