package delivery

import (
	"context"
	"fmt"

	"github.com/hookflow/hookflow/store"
)

// ChannelsOf returns a ChannelFunc that looks a number up among the
// channels of st, as they are stored: a registration must give a number
// as the channel lists it, and events carry it so too.
func ChannelsOf(st store.Channels) ChannelFunc {
	return func(ctx context.Context, number string) (bool, error) {
		list, err := st.ListChannels(ctx)
		if err != nil {
			return false, fmt.Errorf("list channels: %w", err)
		}
		for _, c := range list {
			if c.Number == number {
				return true, nil
			}
		}
		return false, nil
	}
}
