//go:build llamacpp

package embedded

/*
// llama.cpp's functions, defined in the binding's C code. Weak references, so that linking this package on
// its own (cgo's checks) does not need them; the final binary always has them.
typedef void (*cmdai_log_callback)(int level, const char *text, void *user_data);
extern void llama_log_set(cmdai_log_callback callback, void *user_data) __attribute__((weak));
extern void llama_free(void *ctx) __attribute__((weak));
extern void *llama_get_model(const void *ctx) __attribute__((weak));

extern void cmdaiLlamaLog(int level, char *text, void *user_data);
*/
import "C"

import (
	"context"
	"log/slog"
	"strings"
	"sync"
	"sync/atomic"
	"unsafe"
)

// llama.cpp has one process-wide log callback; the binding points it at stderr. Ours sends the lines to
// the logger of the most recent Open instead. llama.cpp writes lines in pieces, so they are buffered until
// the newline.
var (
	llamaLogger atomic.Pointer[slog.Logger]
	logMu       sync.Mutex
	logBuf      strings.Builder
	logLevel    slog.Level
)

func routeLogs(l *slog.Logger) {
	if l == nil {
		l = slog.Default()
	}
	llamaLogger.Store(l)
	C.llama_log_set(C.cmdai_log_callback(C.cmdaiLlamaLog), nil)
}

// ggml's levels: 1 debug, 2 info, 3 warn, 4 error, 5 continuation of the previous line.
func slogLevel(level int, prev slog.Level) slog.Level {
	switch level {
	case 3:
		return slog.LevelWarn
	case 4:
		return slog.LevelError
	case 5:
		return prev
	default:
		// llama.cpp's info lines are load-time detail (tensor counts, buffer sizes): debug for us.
		return slog.LevelDebug
	}
}

//export cmdaiLlamaLog
func cmdaiLlamaLog(level C.int, text *C.char, _ unsafe.Pointer) {
	l := llamaLogger.Load()
	if l == nil {
		return
	}
	s := C.GoString(text)
	logMu.Lock()
	defer logMu.Unlock()
	if logBuf.Len() == 0 || level != 5 {
		logLevel = slogLevel(int(level), logLevel)
	}
	logBuf.WriteString(s)
	if !strings.HasSuffix(s, "\n") {
		return
	}
	line := strings.TrimSpace(logBuf.String())
	logBuf.Reset()
	if line != "" {
		l.Log(context.Background(), logLevel, line, "source", "llama.cpp")
	}
}

// freeContext releases a llama context. The binding has no way to do it, so it reads the C pointer that is
// the first field of llama.Context; model is the C model pointer read the same way, and the context is
// freed only when llama.cpp confirms that it belongs to that model (otherwise the layout changed and the
// memory is left alone rather than risk freeing the wrong thing).
func freeContext(ctx, model unsafe.Pointer) bool {
	if ctx == nil || C.llama_get_model(ctx) != model {
		return false
	}
	C.llama_free(ctx)
	return true
}
