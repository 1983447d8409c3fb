package mongo

import (
	"context"
	"errors"
	"fmt"

	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo"
	"go.mongodb.org/mongo-driver/v2/mongo/options"

	"github.com/hookflow/hookflow/flows"
)

// newestVersion sorts a flow's versions newest first.
var newestVersion = bson.D{{Key: "version", Value: -1}}

// flowFilter matches the versions of flowID.
func flowFilter(flowID string) bson.D { return bson.D{{Key: "flowId", Value: flowID}} }

// CreateVersion stores a frozen version; store.ErrConflict if the flow has
// that version number already. The unique (flowId, version) index is what
// makes concurrent publishes safe.
func (s *Store) CreateVersion(ctx context.Context, v *flows.Version) error {
	op := fmt.Sprintf("create version %d of flow %q", v.Version, v.FlowID)
	if err := checkConfigs(v.Nodes); err != nil {
		return fmt.Errorf("%s: %w", op, err)
	}
	if _, err := s.versions.InsertOne(ctx, toVersionDoc(v)); err != nil {
		return writeErr(op, err)
	}
	return nil
}

// GetVersion returns version n of a flow, or store.ErrNotFound.
func (s *Store) GetVersion(ctx context.Context, flowID string, n int) (*flows.Version, error) {
	op := fmt.Sprintf("get version %d of flow %q", n, flowID)
	filter := bson.D{{Key: "flowId", Value: flowID}, {Key: "version", Value: n}}
	var d versionDoc
	if err := s.versions.FindOne(ctx, filter).Decode(&d); err != nil {
		return nil, readErr(op, err)
	}
	return d.version(), nil
}

// ListVersions returns a flow's versions, newest first, without reading
// their graphs.
func (s *Store) ListVersions(ctx context.Context, flowID string) ([]flows.VersionInfo, error) {
	projection := bson.D{
		{Key: "version", Value: 1}, {Key: "name", Value: 1},
		{Key: "nodeCount", Value: 1}, {Key: "publishedAt", Value: 1},
	}
	opts := options.Find().SetSort(newestVersion).SetProjection(projection)
	list, err := findAll(ctx, s.versions, flowFilter(flowID), opts, (*versionDoc).info)
	if err != nil {
		return nil, fmt.Errorf("list versions of flow %q: %w", flowID, err)
	}
	return list, nil
}

// LatestVersion returns the highest version number of a flow, 0 if none.
func (s *Store) LatestVersion(ctx context.Context, flowID string) (int, error) {
	opts := options.FindOne().SetSort(newestVersion).SetProjection(bson.D{{Key: "version", Value: 1}})
	var d versionDoc
	err := s.versions.FindOne(ctx, flowFilter(flowID), opts).Decode(&d)
	if errors.Is(err, mongo.ErrNoDocuments) {
		return 0, nil
	}
	if err != nil {
		return 0, fmt.Errorf("latest version of flow %q: %w", flowID, err)
	}
	return d.Version, nil
}
