package sqlite

import (
	"context"
	"fmt"

	"github.com/hookflow/hookflow/flows"
)

// CreateVersion stores a frozen version; store.ErrConflict if the flow has
// that version number already. The primary key (flow_id, version) is what
// makes concurrent publishes safe.
func (s *Store) CreateVersion(ctx context.Context, v *flows.Version) error {
	op := fmt.Sprintf("create version %d of flow %q", v.Version, v.FlowID)
	c := *v
	c.PublishedAt = msUTC(v.PublishedAt)
	doc, err := encodeDoc(&c)
	if err != nil {
		return fmt.Errorf("%s: %w", op, err)
	}
	const q = `INSERT INTO flow_versions (flow_id, version, name, node_count, published_at, doc)
		VALUES (?, ?, ?, ?, ?, ?)`
	_, err = s.write.ExecContext(ctx, q, c.FlowID, c.Version, c.Name, len(c.Nodes), millis(c.PublishedAt), doc)
	if err != nil {
		return writeErr(op, err)
	}
	return nil
}

// GetVersion returns version n of a flow, or store.ErrNotFound.
func (s *Store) GetVersion(ctx context.Context, flowID string, n int) (*flows.Version, error) {
	op := fmt.Sprintf("get version %d of flow %q", n, flowID)
	var doc string
	const q = `SELECT doc FROM flow_versions WHERE flow_id = ? AND version = ?`
	if err := s.read.QueryRowContext(ctx, q, flowID, n).Scan(&doc); err != nil {
		return nil, readErr(op, err)
	}
	v := new(flows.Version)
	if err := decodeDoc(doc, v); err != nil {
		return nil, fmt.Errorf("%s: %w", op, err)
	}
	return v, nil
}

// ListVersions returns a flow's versions, newest first, from the listing
// columns alone: the graphs are not read.
func (s *Store) ListVersions(ctx context.Context, flowID string) ([]flows.VersionInfo, error) {
	const q = `SELECT version, name, node_count, published_at FROM flow_versions
		WHERE flow_id = ? ORDER BY version DESC`
	list, err := queryAll(ctx, s.read, scanInfo, q, flowID)
	if err != nil {
		return nil, fmt.Errorf("list versions of flow %q: %w", flowID, err)
	}
	return list, nil
}

// scanInfo reads a listing row of flow_versions.
func scanInfo(scan func(dest ...any) error) (flows.VersionInfo, error) {
	var info flows.VersionInfo
	var published int64
	err := scan(&info.Version, &info.Name, &info.Nodes, &published)
	info.PublishedAt = fromMillis(published)
	return info, err
}

// LatestVersion returns the highest version number of a flow, 0 if none.
func (s *Store) LatestVersion(ctx context.Context, flowID string) (int, error) {
	var n int
	const q = `SELECT COALESCE(MAX(version), 0) FROM flow_versions WHERE flow_id = ?`
	if err := s.read.QueryRowContext(ctx, q, flowID).Scan(&n); err != nil {
		return 0, fmt.Errorf("latest version of flow %q: %w", flowID, err)
	}
	return n, nil
}
