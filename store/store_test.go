package store_test

import (
	"os"
	"testing"

	"github.com/embargo/embargo/store/storetest"
)

func TestSQLite(t *testing.T) {
	storetest.Run(t, storetest.SQLiteURL)
}

// postgresURL is $EMBARGO_TEST_POSTGRES; without it the PostgreSQL tests
// skip, except under CI=true, where they fail.
func postgresURL(t testing.TB) string {
	url := os.Getenv("EMBARGO_TEST_POSTGRES")
	if url == "" {
		if os.Getenv("CI") == "true" {
			t.Fatal("EMBARGO_TEST_POSTGRES is not set; CI must run the PostgreSQL store tests (e.g. postgres://postgres@127.0.0.1:5432/test?sslmode=disable)")
		}
		t.Skip("EMBARGO_TEST_POSTGRES is not set (e.g. postgres://postgres@127.0.0.1:5432/test?sslmode=disable)")
	}
	return url
}

func TestPostgres(t *testing.T) {
	base := postgresURL(t)
	storetest.Run(t, func(t *testing.T) string { return storetest.PostgresURL(t, base) })
}
