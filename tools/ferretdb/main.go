// Command ferretdb-embedded runs FerretDB v1 embedded through its library
// package, with either of its stores: SQLite files in a folder (--handler sqlite,
// the default) or a PostgreSQL database (--handler postgresql --postgresql-url …).
// The upstream command panics at start-up when built with `go install` (no
// generated version file); the library skips that.
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
	handler := flag.String("handler", "sqlite", "store: sqlite or postgresql")
	dataDir := flag.String("data", ".data/ferretdb", "folder for the SQLite databases (handler sqlite)")
	postgresqlURL := flag.String("postgresql-url", "", "PostgreSQL connection string, e.g. postgres://127.0.0.1:5432/ferretdb (handler postgresql)")
	quiet := flag.Bool("quiet", true, "log warnings and errors only")
	flag.Parse()

	level := slog.LevelInfo
	if *quiet {
		// Every connection is logged at INFO; tests open hundreds of them.
		level = slog.LevelWarn
	}
	logger := slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: level}))

	config := ferretdb.Config{
		Listener: ferretdb.ListenerConfig{TCP: *listen},
		Logger:   logger,
		Handler:  *handler,
	}
	store := ""
	switch *handler {
	case "sqlite":
		if err := os.MkdirAll(*dataDir, 0o755); err != nil {
			log.Fatalf("cannot create data folder %s: %v", *dataDir, err)
		}
		config.SQLiteURL = "file:" + *dataDir + "/"
		store = "data in " + *dataDir
	case "postgresql":
		if *postgresqlURL == "" {
			log.Fatalf("--handler postgresql needs --postgresql-url")
		}
		config.PostgreSQLURL = *postgresqlURL
		store = "data in PostgreSQL"
	default:
		log.Fatalf("unknown --handler %q: use sqlite or postgresql", *handler)
	}

	server, err := ferretdb.New(&config)
	if err != nil {
		log.Fatalf("cannot configure FerretDB: %v", err)
	}

	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()

	// The launcher waits for a ping; this line only helps a person reading the log.
	fmt.Fprintf(os.Stderr, "ferretdb listening on %s, %s\n", *listen, store)
	server.Run(ctx)
}
