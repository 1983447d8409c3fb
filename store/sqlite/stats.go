package sqlite

import (
	"context"
	"fmt"
	"time"

	"github.com/hookflow/hookflow/runs"
	"github.com/hookflow/hookflow/store"
)

// Statistics walk runs_created_at (or runs_flow_created_at for one flow)
// and read the row for status and doc; trigger, steps and response come
// after doc in the row, so SQLite need not read their overflow pages. The
// duration lives in doc, whose few fields json_extract reads in place.
const (
	runStatsAll  = `SELECT flow_id, status, created_at, COALESCE(json_extract(doc, '$.durationMs'), 0) FROM runs WHERE created_at >= ? AND created_at < ?`
	runStatsFlow = `SELECT flow_id, status, created_at, COALESCE(json_extract(doc, '$.durationMs'), 0) FROM runs WHERE flow_id = ? AND created_at >= ? AND created_at < ?`

	deliveryStatsAll = `SELECT subscription_id, status, created_at FROM deliveries WHERE created_at >= ? AND created_at < ?`
	deliveryStatsSub = `SELECT subscription_id, status, created_at FROM deliveries WHERE subscription_id = ? AND created_at >= ? AND created_at < ?`
)

// RunStats calls fn for each run created in [from, to), of flowID if set.
func (s *Store) RunStats(ctx context.Context, flowID string, from, to time.Time, fn func(store.RunStat)) error {
	q, args := runStatsAll, []any{millis(from), millis(to)}
	if flowID != "" {
		q, args = runStatsFlow, append([]any{flowID}, args...)
	}
	err := s.each(ctx, q, args, func(scan func(...any) error) error {
		var st store.RunStat
		var status string
		var created int64
		if err := scan(&st.FlowID, &status, &created, &st.DurationMs); err != nil {
			return err
		}
		st.Status, st.CreatedAt = runs.Status(status), fromMillis(created)
		fn(st)
		return nil
	})
	if err != nil {
		return fmt.Errorf("run stats: %w", err)
	}
	return nil
}

// DeliveryStats calls fn for each delivery created in [from, to), of
// subscriptionID if set.
func (s *Store) DeliveryStats(ctx context.Context, subscriptionID string, from, to time.Time, fn func(store.DeliveryStat)) error {
	q, args := deliveryStatsAll, []any{millis(from), millis(to)}
	if subscriptionID != "" {
		q, args = deliveryStatsSub, append([]any{subscriptionID}, args...)
	}
	err := s.each(ctx, q, args, func(scan func(...any) error) error {
		var st store.DeliveryStat
		var status string
		var created int64
		if err := scan(&st.SubscriptionID, &status, &created); err != nil {
			return err
		}
		st.Status, st.CreatedAt = store.DeliveryStatus(status), fromMillis(created)
		fn(st)
		return nil
	})
	if err != nil {
		return fmt.Errorf("delivery stats: %w", err)
	}
	return nil
}

// each runs query on the read pool and passes each row to row, without
// collecting them.
func (s *Store) each(ctx context.Context, query string, args []any, row func(scan func(...any) error) error) error {
	rows, err := s.read.QueryContext(ctx, query, args...)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		if err := row(rows.Scan); err != nil {
			return err
		}
	}
	return rows.Err()
}
