package crmtest

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
	"unicode"
)

// soqlQuery is the part of SOQL the fake understands: SELECT fields FROM
// object [WHERE conditions with =, AND, OR, parentheses] [ORDER BY ...]
// [LIMIT n]. String literals are parsed with SOQL's escapes, so a badly
// quoted value is a MALFORMED_QUERY as it is for Salesforce.
type soqlQuery struct {
	fields []string
	object string
	where  soqlCond // nil matches all
	limit  int      // 0: no limit
}

// soqlCond reports whether a record matches.
type soqlCond func(rec map[string]any) bool

type soqlParser struct {
	toks []string
	pos  int
}

func parseSOQL(src string) (*soqlQuery, error) {
	toks, err := soqlTokens(src)
	if err != nil {
		return nil, err
	}
	p := &soqlParser{toks: toks}
	q := &soqlQuery{}
	if !p.keyword("SELECT") {
		return nil, errors.New("unexpected token: expected SELECT")
	}
	for {
		q.fields = append(q.fields, p.next())
		if p.peek() != "," {
			break
		}
		p.next()
	}
	if !p.keyword("FROM") {
		return nil, fmt.Errorf("unexpected token: %q", p.peek())
	}
	q.object = p.next()
	if p.keyword("WHERE") {
		if q.where, err = p.or(); err != nil {
			return nil, err
		}
	}
	if p.keyword("ORDER") {
		if !p.keyword("BY") {
			return nil, errors.New("unexpected token: expected BY")
		}
		p.next()
		_ = p.keyword("ASC") || p.keyword("DESC")
	}
	if p.keyword("LIMIT") {
		if q.limit, err = strconv.Atoi(p.next()); err != nil {
			return nil, errors.New("unexpected token: LIMIT needs a number")
		}
	}
	if p.pos < len(p.toks) {
		return nil, fmt.Errorf("unexpected token: %q", p.peek())
	}
	return q, nil
}

func (p *soqlParser) peek() string {
	if p.pos < len(p.toks) {
		return p.toks[p.pos]
	}
	return ""
}

func (p *soqlParser) next() string {
	t := p.peek()
	p.pos++
	return t
}

func (p *soqlParser) keyword(k string) bool {
	if strings.EqualFold(p.peek(), k) {
		p.pos++
		return true
	}
	return false
}

func (p *soqlParser) or() (soqlCond, error) {
	left, err := p.and()
	for err == nil && p.keyword("OR") {
		var right soqlCond
		if right, err = p.and(); err == nil {
			l := left
			left = func(rec map[string]any) bool { return l(rec) || right(rec) }
		}
	}
	return left, err
}

func (p *soqlParser) and() (soqlCond, error) {
	left, err := p.factor()
	for err == nil && p.keyword("AND") {
		var right soqlCond
		if right, err = p.factor(); err == nil {
			l := left
			left = func(rec map[string]any) bool { return l(rec) && right(rec) }
		}
	}
	return left, err
}

func (p *soqlParser) factor() (soqlCond, error) {
	if p.peek() == "(" {
		p.next()
		c, err := p.or()
		if err == nil && p.next() != ")" {
			err = errors.New("unexpected token: expected )")
		}
		return c, err
	}
	field := p.next()
	if p.next() != "=" {
		return nil, fmt.Errorf("unexpected token after %s: only = is understood", field)
	}
	lit := p.next()
	switch {
	case strings.HasPrefix(lit, "'"):
		want := lit[1:]
		return func(rec map[string]any) bool { s, _ := rec[field].(string); return strings.EqualFold(s, want) }, nil
	case strings.EqualFold(lit, "true"), strings.EqualFold(lit, "false"):
		want := strings.EqualFold(lit, "true")
		return func(rec map[string]any) bool { b, _ := rec[field].(bool); return b == want }, nil
	}
	return nil, fmt.Errorf("unexpected token: %q", lit)
}

// soqlTokens splits src into tokens; a string literal becomes "'" and
// its unescaped value.
func soqlTokens(src string) ([]string, error) {
	var toks []string
	for i := 0; i < len(src); {
		c := src[i]
		switch {
		case c == ' ' || c == '\t' || c == '\n':
			i++
		case strings.IndexByte("(),=", c) >= 0:
			toks, i = append(toks, string(c)), i+1
		case c == '\'':
			s, n, err := soqlString(src[i:])
			if err != nil {
				return nil, err
			}
			toks, i = append(toks, "'"+s), i+n
		default:
			j := i
			for j < len(src) && (unicode.IsLetter(rune(src[j])) || unicode.IsDigit(rune(src[j])) || strings.IndexByte("_.", src[j]) >= 0) {
				j++
			}
			if j == i {
				return nil, fmt.Errorf("unexpected character %q", c)
			}
			toks, i = append(toks, src[i:j]), j
		}
	}
	return toks, nil
}

// soqlString reads the literal at the start of s; it returns the value
// and the length read.
func soqlString(s string) (string, int, error) {
	var b strings.Builder
	for i := 1; i < len(s); i++ {
		switch c := s[i]; c {
		case '\'':
			return b.String(), i + 1, nil
		case '\\':
			i++
			if i == len(s) {
				return "", 0, errors.New("unterminated string")
			}
			r, ok := map[byte]byte{'\'': '\'', '"': '"', '\\': '\\', 'n': '\n', 'r': '\r', 't': '\t', 'b': '\b', 'f': '\f'}[s[i]]
			if !ok {
				return "", 0, fmt.Errorf("invalid escape sequence \\%c", s[i])
			}
			b.WriteByte(r)
		default:
			b.WriteByte(c)
		}
	}
	return "", 0, errors.New("unterminated string")
}
