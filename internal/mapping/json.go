package mapping

import (
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"strconv"
	"unicode/utf8"

	"github.com/tidwall/gjson"
)

// The appenders below build JSON into a caller's buffer without reflection,
// for the engine's hot path: run outputs and rendered templates.

const hex = "0123456789abcdef"

// AppendString appends s as a JSON string.
func AppendString(dst []byte, s string) []byte {
	dst = append(dst, '"')
	dst = AppendEscaped(dst, s)
	return append(dst, '"')
}

// AppendEscaped appends s escaped for the inside of a JSON string, without
// the quotes. Invalid UTF-8 becomes U+FFFD, as encoding/json does.
func AppendEscaped(dst []byte, s string) []byte {
	start := 0
	for i := 0; i < len(s); {
		c := s[i]
		if c >= 0x20 && c != '"' && c != '\\' && c < utf8.RuneSelf {
			i++
			continue
		}
		if c >= utf8.RuneSelf {
			r, size := utf8.DecodeRuneInString(s[i:])
			if r != utf8.RuneError || size != 1 {
				i += size
				continue
			}
			dst = append(dst, s[start:i]...)
			dst = append(dst, `\ufffd`...)
			i++
			start = i
			continue
		}
		dst = append(dst, s[start:i]...)
		switch c {
		case '"', '\\':
			dst = append(dst, '\\', c)
		case '\n':
			dst = append(dst, '\\', 'n')
		case '\r':
			dst = append(dst, '\\', 'r')
		case '\t':
			dst = append(dst, '\\', 't')
		default:
			dst = append(dst, '\\', 'u', '0', '0', hex[c>>4], hex[c&0xf])
		}
		i++
		start = i
	}
	return append(dst, s[start:]...)
}

// AppendCompact appends the JSON text raw without the whitespace between
// its tokens. raw must be valid JSON.
func AppendCompact(dst []byte, raw string) []byte {
	inString := false
	start := 0
	for i := 0; i < len(raw); i++ {
		c := raw[i]
		switch {
		case inString:
			if c == '\\' {
				i++
			} else if c == '"' {
				inString = false
			}
		case c == '"':
			inString = true
		case c == ' ' || c == '\t' || c == '\n' || c == '\r':
			dst = append(dst, raw[start:i]...)
			start = i + 1
		}
	}
	return append(dst, raw[start:]...)
}

// ErrNotJSON is returned for a value that has no JSON form: NaN, an
// infinity, a function.
var ErrNotJSON = errors.New("value has no JSON form")

// AppendValue appends v, a value an expression gave, as JSON. Common types
// are written directly; others go through encoding/json.
func AppendValue(dst []byte, v any) ([]byte, error) {
	switch x := v.(type) {
	case nil:
		return append(dst, "null"...), nil
	case bool:
		return strconv.AppendBool(dst, x), nil
	case string:
		return AppendString(dst, x), nil
	case float64:
		return AppendFloat(dst, x)
	case int:
		return strconv.AppendInt(dst, int64(x), 10), nil
	case int64:
		return strconv.AppendInt(dst, x, 10), nil
	}
	b, err := json.Marshal(v)
	if err != nil {
		return dst, errors.Join(ErrNotJSON, err)
	}
	return append(dst, b...), nil
}

// AppendFloat appends f as a JSON number, formatted as encoding/json does.
func AppendFloat(dst []byte, f float64) ([]byte, error) {
	if math.IsNaN(f) || math.IsInf(f, 0) {
		return dst, ErrNotJSON
	}
	format := byte('f')
	if abs := math.Abs(f); abs != 0 && (abs < 1e-6 || abs >= 1e21) {
		format = 'e'
	}
	dst = strconv.AppendFloat(dst, f, format, -1, 64)
	if format == 'e' {
		// 1e-07 becomes 1e-7, as encoding/json writes it.
		if n := len(dst); n >= 4 && dst[n-4] == 'e' && dst[n-3] == '-' && dst[n-2] == '0' {
			dst[n-2] = dst[n-1]
			dst = dst[:n-1]
		}
	}
	return dst, nil
}

// MaxJSONDepth bounds the nesting of JSON that hookflow accepts from
// outside (webhook bodies, replies of called services): deeper documents
// are refused before a recursive parser walks them.
const MaxJSONDepth = 1000

// ErrTooDeep is returned by CheckJSON for JSON nested past MaxJSONDepth.
var ErrTooDeep = errors.New("JSON is nested too deeply")

// CheckJSON reports whether b is valid JSON nested at most MaxJSONDepth
// levels: nil, ErrTooDeep or an error saying that it is not JSON. The
// depth is measured without recursion, so any input is safe to give it.
func CheckJSON(b []byte) error {
	depth, inString := 0, false
	for i := 0; i < len(b); i++ {
		switch c := b[i]; {
		case inString:
			if c == '\\' {
				i++
			} else if c == '"' {
				inString = false
			}
		case c == '"':
			inString = true
		case c == '[' || c == '{':
			if depth++; depth > MaxJSONDepth {
				return fmt.Errorf("%w: more than %d levels of arrays and objects", ErrTooDeep, MaxJSONDepth)
			}
		case c == ']' || c == '}':
			depth--
		}
	}
	if !gjson.ValidBytes(b) {
		return errors.New("it is not valid JSON")
	}
	return nil
}
