package event

import "strings"

// Matches reports whether an event of type typ on channel starts a flow
// whose trigger has config c: typ is one of c's event types, aliases
// resolved on both sides, and channel is one of c's channels, compared as
// NormalizeChannel compares them, or c lists no channel.
func (c *Config) Matches(typ, channel string) bool {
	typ, ok := Canonical(typ)
	if !ok || !c.hasType(typ) {
		return false
	}
	if len(c.Channels) == 0 {
		return true
	}
	channel = NormalizeChannel(channel)
	for _, ch := range c.Channels {
		if NormalizeChannel(ch) == channel {
			return true
		}
	}
	return false
}

// hasType reports whether c lists the canonical type typ.
func (c *Config) hasType(typ string) bool {
	for _, t := range c.EventTypes {
		if ct, ok := Canonical(t); ok && ct == typ {
			return true
		}
	}
	return false
}

// NormalizeChannel returns the form in which channels are compared and
// stored: a phone number ("+91 98765-43210") becomes its digits
// ("919876543210"), so a WABA number matches however it was typed; any
// other name (a chat source) is only trimmed.
func NormalizeChannel(s string) string {
	s = strings.TrimSpace(s)
	if !isPhone(s) {
		return s
	}
	return strings.Map(func(r rune) rune {
		if r >= '0' && r <= '9' {
			return r
		}
		return -1
	}, s)
}

// isPhone reports whether s holds digits and nothing but the signs phone
// numbers are written with.
func isPhone(s string) bool {
	digits := 0
	for _, r := range s {
		switch {
		case r >= '0' && r <= '9':
			digits++
		case strings.ContainsRune(" +-().", r):
		default:
			return false
		}
	}
	return digits > 0
}
