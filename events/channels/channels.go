// Package channels manages the channels an installation knows: the
// business numbers (WABA numbers) and chat sources that platform events
// come from. Its rule: a channel's number is kept in the form events carry
// it, digits only for a WABA number, so that the same number typed two
// ways is one channel.
package channels

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/hookflow/hookflow/nodes/event"
	"github.com/hookflow/hookflow/store"
)

// ErrInvalid is wrapped by the errors of a channel that cannot be
// created; the message names the field.
var ErrInvalid = errors.New("invalid channel")

// Bounds of a channel's fields.
const (
	minDigits, maxDigits = 6, 15 // E.164 allows 15; shorter than 6 is no phone number
	maxText              = 100
)

// Service is the channel use cases.
type Service struct {
	Store store.Channels
	Now   func() time.Time
}

// Input is a channel as the API takes it.
type Input struct {
	Number string `json:"number"`
	Name   string `json:"name"`
	// Kind is store.ChannelWABA (the default) or store.ChannelChatSource.
	Kind string `json:"kind"`
}

// Create stores a new channel; store.ErrConflict if its number exists.
func (s *Service) Create(ctx context.Context, in Input) (*store.Channel, error) {
	c, err := s.newChannel(in)
	if err != nil {
		return nil, err
	}
	if err := s.Store.CreateChannel(ctx, c); err != nil {
		return nil, fmt.Errorf("channel %s: %w", c.Number, err)
	}
	return c, nil
}

// newChannel checks in and returns the channel to store.
func (s *Service) newChannel(in Input) (*store.Channel, error) {
	kind := strings.TrimSpace(in.Kind)
	if kind == "" {
		kind = store.ChannelWABA
	}
	if kind != store.ChannelWABA && kind != store.ChannelChatSource {
		return nil, fmt.Errorf("%w: kind must be %q (a WhatsApp Business number) or %q, not %q", ErrInvalid, store.ChannelWABA, store.ChannelChatSource, in.Kind)
	}
	number, err := normalize(kind, in.Number)
	if err != nil {
		return nil, err
	}
	name := strings.TrimSpace(in.Name)
	if name == "" {
		name = number
	}
	if len(name) > maxText {
		return nil, fmt.Errorf("%w: name is longer than %d characters", ErrInvalid, maxText)
	}
	now := time.Now
	if s.Now != nil {
		now = s.Now
	}
	return &store.Channel{Number: number, Name: name, Kind: kind, CreatedAt: now().UTC().Truncate(time.Millisecond)}, nil
}

// normalize returns number as a channel of kind keeps it.
func normalize(kind, number string) (string, error) {
	number = strings.TrimSpace(number)
	switch {
	case number == "":
		return "", fmt.Errorf("%w: number is required: the WABA number, such as +91 98765 43210, or the chat source's name", ErrInvalid)
	case kind == store.ChannelChatSource:
		if len(number) > maxText {
			return "", fmt.Errorf("%w: number is longer than %d characters", ErrInvalid, maxText)
		}
		return number, nil
	}
	digits := event.NormalizeChannel(number)
	if strings.Trim(digits, "0123456789") != "" || len(digits) < minDigits || len(digits) > maxDigits {
		return "", fmt.Errorf("%w: number %q is not a phone number: a WABA number has %d to %d digits, such as +91 98765 43210", ErrInvalid, number, minDigits, maxDigits)
	}
	return digits, nil
}

// List returns every channel, oldest first.
func (s *Service) List(ctx context.Context) ([]*store.Channel, error) {
	return s.Store.ListChannels(ctx)
}

// Delete removes the channel with number, as stored or as a phone number
// typed another way; store.ErrNotFound if there is none.
func (s *Service) Delete(ctx context.Context, number string) error {
	err := s.Store.DeleteChannel(ctx, number)
	if digits := event.NormalizeChannel(number); errors.Is(err, store.ErrNotFound) && digits != number {
		err = s.Store.DeleteChannel(ctx, digits)
	}
	return err
}
