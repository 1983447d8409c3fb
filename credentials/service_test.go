package credentials_test

import (
	"context"
	"encoding/json"
	"errors"
	"reflect"
	"strings"
	"testing"

	"github.com/hookflow/hookflow/credentials"
	"github.com/hookflow/hookflow/credentials/credtest"
	"github.com/hookflow/hookflow/internal/secrets"
	"github.com/hookflow/hookflow/nodes/crm/crmtest"
	"github.com/hookflow/hookflow/nodes/sheets/sheetstest"
)

var ctx = context.Background()

func TestService_CreateValidatesEveryField(t *testing.T) {
	t.Parallel()
	svc := credtest.New(t, credentials.Endpoints{}).Service
	for _, tc := range []struct {
		in   credentials.Input
		want []credentials.Problem
	}{
		{credentials.Input{Type: "ftp"}, []credentials.Problem{{"name", "is required"},
			{"type", "must be one of basic, bearer, header, hubspot, zoho, salesforce, google"}}},
		{credentials.Input{Name: "z", Type: "zoho", Fields: map[string]string{"dataCenter": "us", "clientId": "c", "colour": "red"}},
			[]credentials.Problem{{"colour", "is not a field of zoho credentials"}, {"dataCenter", "must be one of com, eu, in, com.au, jp, ca, com.cn, sa"},
				{"clientSecret", "is required"}, {"refreshToken", "is required"}}},
		{credentials.Input{Name: "s", Type: "salesforce", Fields: map[string]string{"clientId": "c", "clientSecret": "s",
			"refreshToken": "r", "instanceUrl": "http://169.254.169.254", "loginUrl": "ftp://login"}},
			[]credentials.Problem{{"instanceUrl", "refused to connect to 169.254.169.254: cloud metadata address; it is never allowed"},
				{"loginUrl", `URL "ftp://login": only http and https addresses can be called`}}},
		{credentials.Input{Name: "g", Type: "google", Fields: map[string]string{"serviceAccountJson": `{"type": "authorized_user"}`}},
			[]credentials.Problem{{"serviceAccountJson", `is not a service account key (its type is "authorized_user")`}}},
		{credentials.Input{Name: "g", Type: "google", Fields: map[string]string{"authType": "oauth", "clientId": "c"}},
			[]credentials.Problem{{"clientSecret", "is required"}, {"refreshToken", "is required"}}},
	} {
		_, err := svc.Create(ctx, tc.in)
		var ve *credentials.ValidationError
		if !errors.As(err, &ve) || !errors.Is(err, credentials.ErrInvalid) {
			t.Fatalf("Create(%+v) = %v, want a validation error", tc.in, err)
		}
		if !reflect.DeepEqual(sortProblems(ve.Problems), sortProblems(tc.want)) {
			t.Errorf("%s: problems\n %v\nwant\n %v", tc.in.Type, ve.Problems, tc.want)
		}
	}
}

func sortProblems(ps []credentials.Problem) string {
	var out []string
	for _, p := range ps {
		out = append(out, p.Field+": "+p.Message)
	}
	for i := range out {
		for j := i + 1; j < len(out); j++ {
			if out[j] < out[i] {
				out[i], out[j] = out[j], out[i]
			}
		}
	}
	return strings.Join(out, "\n")
}

func TestService_NeverShowsSecrets(t *testing.T) {
	t.Parallel()
	env := credtest.New(t, credentials.Endpoints{})
	v, err := env.Service.Create(ctx, credentials.Input{Name: " Salesforce prod ", Type: "salesforce", Fields: map[string]string{
		"clientId": "3MVG9", "clientSecret": "sf-secret-1", "refreshToken": "sf-refresh-1", "instanceUrl": "https://acme.my.salesforce.com/"}})
	if err != nil {
		t.Fatal(err)
	}
	want := &credentials.View{ID: v.ID, Name: "Salesforce prod", Type: "salesforce", CreatedAt: v.CreatedAt, UpdatedAt: v.UpdatedAt,
		Fields:  map[string]string{"clientId": "3MVG9", "instanceUrl": "https://acme.my.salesforce.com", "loginUrl": "https://login.salesforce.com"},
		Secrets: map[string]string{"clientSecret": "set", "refreshToken": "set"}}
	got, err := env.Service.Get(ctx, v.ID)
	if err != nil || !reflect.DeepEqual(got, want) || !reflect.DeepEqual(v, want) {
		t.Fatalf("Get = %+v, %v\nwant %+v", got, err, want)
	}
	list, _ := env.Service.List(ctx)
	stored, _ := env.Store.GetCredential(ctx, v.ID)
	all, _ := json.Marshal([]any{list, stored, v})
	for _, s := range []string{"sf-secret-1", "sf-refresh-1"} {
		if strings.Contains(string(all), s) {
			t.Errorf("%q is readable in a view or the store: %s", s, all)
		}
	}
}

func TestService_UpdateKeepsSecretsLeftEmpty(t *testing.T) {
	t.Parallel()
	env := credtest.New(t, credentials.Endpoints{})
	id := env.Create(t, "basic", "svc", map[string]string{"username": "svc", "password": "old pass"})
	v, err := env.Service.Update(ctx, id, credentials.Input{Fields: map[string]string{"username": "svc2", "password": ""}})
	if err != nil || v.Fields["username"] != "svc2" || v.Secrets["password"] != "set" || v.Name != "svc" {
		t.Fatalf("Update = %+v, %v", v, err)
	}
	r, err := env.Service.Resolve(ctx, id)
	if err != nil || r.Field("password") != "old pass" || r.Field("username") != "svc2" {
		t.Fatalf("Resolve after update: %v %q", err, r.Field("password"))
	}
	if _, err := env.Service.Update(ctx, id, credentials.Input{Type: "bearer"}); !errors.Is(err, credentials.ErrInvalid) {
		t.Errorf("a type change: %v", err)
	}
	if _, err := env.Service.Update(ctx, "crd_none", credentials.Input{}); !errors.Is(err, credentials.ErrNotFound) {
		t.Errorf("update of a missing credential: %v", err)
	}
	if err := env.Service.Delete(ctx, id); err != nil {
		t.Fatal(err)
	}
	if _, err := env.Service.Resolve(ctx, id); !errors.Is(err, credentials.ErrNotFound) {
		t.Errorf("resolve after delete: %v", err)
	}
}

func TestService_SealedToItsRecord(t *testing.T) {
	t.Parallel()
	env := credtest.New(t, credentials.Endpoints{})
	a := env.Create(t, "bearer", "a", map[string]string{"token": "token-a"})
	b := env.Create(t, "bearer", "b", map[string]string{"token": "token-b"})
	ca, _ := env.Store.GetCredential(ctx, a)
	cb, _ := env.Store.GetCredential(ctx, b)
	cb.Secret = ca.Secret // moved from one record to another
	if err := env.Store.UpdateCredential(ctx, cb); err != nil {
		t.Fatal(err)
	}
	if _, err := env.Service.Resolve(ctx, b); !errors.Is(err, secrets.ErrCorrupt) {
		t.Errorf("a secret moved to another record opened: %v", err)
	}
}

func TestResolve_ZohoTokenCachedAndRefreshed(t *testing.T) {
	t.Parallel()
	fake := crmtest.NewZoho(t, "cid", "csecret", "rtoken")
	env := credtest.New(t, credentials.Endpoints{ZohoAccounts: fake.URL})
	id := env.Create(t, "zoho", "z", map[string]string{"dataCenter": "in", "clientId": "cid", "clientSecret": "csecret", "refreshToken": "rtoken"})
	r, err := env.Service.Resolve(ctx, id)
	if err != nil {
		t.Fatal(err)
	}
	t1, err := r.Token(ctx)
	if err != nil || !strings.HasPrefix(t1.AccessToken, "1000.") || t1.Extra("api_domain") != fake.URL {
		t.Fatalf("token %+v, %v", t1, err)
	}
	r2, _ := env.Service.Resolve(ctx, id)
	if t2, _ := r2.Token(ctx); t2.AccessToken != t1.AccessToken || fake.Count("POST", "/oauth/v2/token") != 1 {
		t.Errorf("the token was fetched again")
	}
	r2.Invalidate(t1.AccessToken)
	if t3, _ := r2.Token(ctx); t3.AccessToken == t1.AccessToken {
		t.Error("an invalidated token was reused")
	}
	got := r.Secrets()
	for _, s := range []string{"csecret", "rtoken", t1.AccessToken} {
		if !contains(got, s) {
			t.Errorf("Secrets() lacks %q: %q", s, got)
		}
	}
	if contains(got, "cid") {
		t.Error("Secrets() holds the client id, which is not secret")
	}
	redacted := env.Service.Redactor().String("refresh=rtoken client=cid")
	if redacted != "refresh=[redacted] client=cid" {
		t.Errorf("the service redactor gave %q", redacted)
	}
}

func TestResolve_GoogleServiceAccount(t *testing.T) {
	t.Parallel()
	g := sheetstest.New(t)
	env := credtest.New(t, credentials.Endpoints{GoogleToken: g.TokenURL()})
	v, err := env.Service.Create(ctx, credentials.Input{Name: "g", Type: "google", Fields: map[string]string{
		"serviceAccountJson": g.ServiceAccountJSON(), "clientEmail": "ignored@example.com"}})
	if err != nil {
		t.Fatal(err)
	}
	if v.Fields["clientEmail"] != sheetstest.ServiceAccountEmail || v.Fields["authType"] != "serviceAccount" {
		t.Errorf("view fields %v", v.Fields)
	}
	r, err := env.Service.Resolve(ctx, v.ID)
	if err != nil {
		t.Fatal(err)
	}
	tok, err := r.Token(ctx)
	if err != nil || !strings.HasPrefix(tok.AccessToken, "ya29.") {
		t.Fatalf("token %v, %v", tok, err)
	}
}

func contains(list []string, s string) bool {
	for _, v := range list {
		if v == s {
			return true
		}
	}
	return false
}
