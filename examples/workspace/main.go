package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"log"
	"log/slog"
	"net/http"
	"os"
	"time"

	"github.com/hookcontract/hookcontract/examples/workspace/webhooks"
	"github.com/hookcontract/hookcontract/hookrt"
)

func main() {
	addr := flag.String("addr", ":8080", "address to listen on")
	flag.Parse()
	logger := slog.New(slog.NewTextHandler(os.Stderr, nil))
	srv := &http.Server{
		Addr:              *addr,
		Handler:           newMux(os.Stdout, logger),
		ReadHeaderTimeout: 5 * time.Second,
	}
	logger.Info("receiving Workspace webhooks", "addr", *addr, "path", "/webhooks")
	log.Fatal(srv.ListenAndServe())
}

// newMux routes POST /webhooks to the generated receiver, whose callbacks
// print each typed event to out.
func newMux(out io.Writer, logger *slog.Logger) *http.ServeMux {
	h := webhooks.NewHandler(webhooks.Handlers{
		OnUserCreated: func(ctx context.Context, e *webhooks.UserCreated) error {
			fmt.Fprintf(out, "%s user.created: %s <%s> joined %s as %s\n", e.ID, e.Data.UserID, e.Data.Email, e.Data.WorkspaceID, e.Data.Role)
			return nil
		},
		OnUserDeactivated: func(ctx context.Context, e *webhooks.UserDeactivated) error {
			fmt.Fprintf(out, "%s user.deactivated: %s by %s\n", e.ID, e.Data.UserID, e.Data.DeactivatedBy)
			return nil
		},
		OnProjectUpdated: func(ctx context.Context, e *webhooks.ProjectUpdated) error {
			fmt.Fprintf(out, "%s project.updated: %s fields %v by %s\n", e.ID, e.Data.ProjectID, e.Data.ChangedFields, e.Data.UpdatedBy)
			return nil
		},
		OnReportCompleted: func(ctx context.Context, e *webhooks.ReportCompleted) error {
			fmt.Fprintf(out, "%s report.completed: %q, %d rows, %s\n", e.ID, e.Data.ReportName, e.Data.RowCount, e.Data.DownloadURL)
			return nil
		},
		OnSyncFailed: func(ctx context.Context, e *webhooks.SyncFailed) error {
			fmt.Fprintf(out, "%s sync.failed: %s (%s) %s: %s\n", e.ID, e.Data.ConnectorID, e.Data.ConnectorType, e.Data.ErrorCode, e.Data.ErrorMessage)
			return nil
		},
	}, hookrt.WithLogger(logger))
	mux := http.NewServeMux()
	mux.Handle("/webhooks", h)
	return mux
}
