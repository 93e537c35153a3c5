// Command embargo screens people, companies, vessels and crypto wallets
// against the official sanctions lists. See README.md, or run
// `embargo help`.
package main

import (
	"context"
	"os"
	"os/signal"
	"syscall"

	"github.com/embargo/embargo/cli"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := cli.Run(ctx, os.Args[1:], os.Stdin, os.Stdout, os.Stderr)
	stop()
	os.Exit(code)
}
