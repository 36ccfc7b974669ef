//go:build tools

// Package tools pins SeaweedFS, the S3-compatible server the end-to-end tests store media in.
// Nothing here is compiled into the project: `go build -o ../../bin/weed
// github.com/seaweedfs/seaweedfs/weed` (run by tests/e2e/test/s3Server.ts on first need and by
// .ci/run) builds SeaweedFS's own command at the version in go.mod, with the replace directive its
// go.mod carries (which is why `go install …@version` refuses it).
package tools

import _ "github.com/seaweedfs/seaweedfs/weed"
