//go:build tools

// Package tools pins gofakes3, the S3-compatible server the end-to-end tests keep media in.
// Nothing here is compiled into the project: `go build -o ../../bin/gofakes3
// github.com/johannesboyne/gofakes3/cmd/gofakes3` (run by tests/e2e/test/s3Server.ts on first need
// and by .ci/run) builds gofakes3's own command at the version in go.mod. Its "fs" backend keeps the
// buckets as files under a folder.
//
// SeaweedFS was tried first (github.com/seaweedfs/seaweedfs/weed, `weed mini`): its go.mod has a
// replace directive, so `go install …@version` refuses it, and built through a module like this one it
// compiles about 1,740 packages — after 35 minutes on this 2-core machine (shared) it was two thirds
// through, too slow for CI's budget. gofakes3 builds in under three minutes here.
package tools

import _ "github.com/johannesboyne/gofakes3/cmd/gofakes3"
