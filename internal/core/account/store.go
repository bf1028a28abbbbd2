package account

import (
	"context"
	"fmt"
	"slices"
	"time"

	"concejo/internal/core/directory"
	"concejo/internal/core/users"
	"concejo/internal/platform/db"
)

// maxFailures consecutive wrong passwords, or wrong second-factor codes,
// lock the account for lockFor.
const (
	maxFailures = 5
	lockFor     = 15 * time.Minute
)

// recordFailure adds a failure to counter and returns the lock end when
// this failure locked the account (maxFailures reached); parallel attempts
// each count.
func recordFailure(ctx context.Context, q db.Queryer, userID string, counter users.FailureCounter, now time.Time) (time.Time, error) {
	end := now.Add(lockFor)
	locked, err := users.RecordFailure(ctx, q, userID, counter, maxFailures, end)
	if err != nil || !locked {
		return time.Time{}, err
	}
	return end, nil
}

// defaultEntity picks the entity a new session starts in: the Diputación for
// its staff, otherwise the first membership by name.
func defaultEntity(ctx context.Context, q db.Queryer, userID string) (string, error) {
	ms, err := users.Memberships(ctx, q, userID)
	if err != nil {
		return "", fmt.Errorf("cuenta: buscar la entidad por defecto del usuario %s: %w", userID, err)
	}
	if len(ms) == 0 {
		return "", nil
	}
	if i := slices.IndexFunc(ms, func(m users.Membership) bool { return m.EntityKind == "diputacion" }); i >= 0 {
		return ms[i].EntityID, nil
	}
	return ms[0].EntityID, nil
}

// app is an application of the catalogue the user may open.
type app struct {
	Code, Name, Description, URL string
	Roles                        []string
}

// services returns name, description and URL of the active services of
// the catalogue, by code.
func services(ctx context.Context, q db.Queryer) (map[string]app, error) {
	all, err := directory.Services(ctx, q)
	if err != nil {
		return nil, fmt.Errorf("cuenta: leer las aplicaciones: %w", err)
	}
	out := map[string]app{}
	for _, s := range all {
		if s.Active {
			out[s.Code] = app{Code: s.Code, Name: s.Name, Description: s.Description, URL: s.AppURL}
		}
	}
	return out, nil
}

// roleNames maps "service/role" codes to the names users read.
func roleNames(ctx context.Context, q db.Queryer) (map[string]string, error) {
	all, err := directory.Services(ctx, q)
	if err != nil {
		return nil, fmt.Errorf("cuenta: leer los nombres de los roles: %w", err)
	}
	codes := make([]string, len(all))
	for i, s := range all {
		codes[i] = s.Code
	}
	roles, err := directory.RolesOf(ctx, q, codes)
	if err != nil {
		return nil, fmt.Errorf("cuenta: leer los nombres de los roles: %w", err)
	}
	out := make(map[string]string, len(roles))
	for _, r := range roles {
		out[r.Service+"/"+r.Code] = r.Name
	}
	return out, nil
}
