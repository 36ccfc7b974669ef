// Command ferretdb-embedded runs FerretDB v1 with its SQLite store, embedded
// through its library package. The upstream command panics at start-up when
// built with `go install` (no generated version file); the library skips that.
package main

import (
	"context"
	"flag"
	"fmt"
	"log"
	"log/slog"
	"os"
	"os/signal"
	"syscall"

	"github.com/FerretDB/FerretDB/ferretdb"
)

func main() {
	listen := flag.String("listen", "127.0.0.1:27017", "TCP address to listen on")
	dataDir := flag.String("data", ".data/ferretdb", "folder for the SQLite databases")
	quiet := flag.Bool("quiet", true, "log warnings and errors only")
	flag.Parse()

	level := slog.LevelInfo
	if *quiet {
		// Every connection is logged at INFO; tests open hundreds of them.
		level = slog.LevelWarn
	}
	logger := slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: level}))

	if err := os.MkdirAll(*dataDir, 0o755); err != nil {
		log.Fatalf("cannot create data folder %s: %v", *dataDir, err)
	}

	server, err := ferretdb.New(&ferretdb.Config{
		Listener:  ferretdb.ListenerConfig{TCP: *listen},
		Logger:    logger,
		Handler:   "sqlite",
		SQLiteURL: "file:" + *dataDir + "/",
	})
	if err != nil {
		log.Fatalf("cannot configure FerretDB: %v", err)
	}

	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()

	// The launcher waits for a ping; this line only helps a person reading the log.
	fmt.Fprintf(os.Stderr, "ferretdb listening on %s, data in %s\n", *listen, *dataDir)
	server.Run(ctx)
}
