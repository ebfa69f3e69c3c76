package bench

import (
	"bytes"
	"fmt"
	"os"
	"runtime"
	"runtime/debug"
	"runtime/metrics"
	"runtime/pprof"
	"strconv"
	"sync"
	"syscall"
	"time"
)

// peakRSS returns the process's peak resident set size (VmHWM) in bytes,
// since it started or since the last resetPeakRSS; 0 when unknown.
func peakRSS() int64 { return procStatus("VmHWM:") }

func currentRSS() int64 { return procStatus("VmRSS:") }

func procStatus(key string) int64 {
	b, err := os.ReadFile("/proc/self/status")
	if err != nil {
		return 0
	}
	i := bytes.Index(b, []byte(key))
	if i < 0 {
		return 0
	}
	line := b[i+len(key):]
	if j := bytes.IndexByte(line, '\n'); j >= 0 {
		line = line[:j]
	}
	kb, err := strconv.ParseInt(string(bytes.TrimSpace(bytes.TrimSuffix(bytes.TrimSpace(line), []byte("kB")))), 10, 64)
	if err != nil {
		return 0
	}
	return kb << 10
}

// resetPeakRSS sets the peak RSS to the current RSS (Linux 4.0 and later).
func resetPeakRSS() error { return os.WriteFile("/proc/self/clear_refs", []byte("5"), 0) }

// releaseMemory returns the free Go heap to the system, so that a stage
// starts from what the process really holds.
func releaseMemory() {
	runtime.GC()
	debug.FreeOSMemory()
}

// profiler writes a CPU profile of a stage, and a heap profile taken when
// the process's RSS was near its peak.
type profiler struct {
	prefix string
	cpu    *os.File
	done   chan struct{}
	wg     sync.WaitGroup

	mu      sync.Mutex
	heap    []byte // the latest heap snapshot
	heapRSS int64  // RSS when it was taken
	stopped bool
}

func startProfile(prefix string) (*profiler, error) {
	f, err := os.Create(prefix + "-cpu.pprof")
	if err != nil {
		return nil, err
	}
	if err := pprof.StartCPUProfile(f); err != nil {
		f.Close()
		return nil, err
	}
	p := &profiler{prefix: prefix, cpu: f, done: make(chan struct{})}
	p.wg.Add(1)
	go p.sample()
	return p, nil
}

// sample snapshots the heap each time the RSS has grown by a tenth since
// the last snapshot (at most twice a second), so the last snapshot is close
// to the peak.
func (p *profiler) sample() {
	defer p.wg.Done()
	t := time.NewTicker(50 * time.Millisecond)
	defer t.Stop()
	var lastAt time.Time
	for {
		select {
		case <-p.done:
			return
		case <-t.C:
		}
		rss := currentRSS()
		p.mu.Lock()
		grow := rss > p.heapRSS+p.heapRSS/10
		p.mu.Unlock()
		if !grow || time.Since(lastAt) < 500*time.Millisecond {
			continue
		}
		var buf bytes.Buffer
		if err := pprof.Lookup("heap").WriteTo(&buf, 0); err == nil {
			p.mu.Lock()
			p.heap, p.heapRSS = buf.Bytes(), rss
			p.mu.Unlock()
		}
		lastAt = time.Now()
	}
}

func (p *profiler) stop() error {
	p.mu.Lock()
	if p.stopped {
		p.mu.Unlock()
		return nil
	}
	p.stopped = true
	p.mu.Unlock()
	pprof.StopCPUProfile()
	close(p.done)
	p.wg.Wait()
	if err := p.cpu.Close(); err != nil {
		return err
	}
	if p.heap == nil {
		return nil
	}
	name := fmt.Sprintf("%s-heap-at-%dMiB.pprof", p.prefix, p.heapRSS>>20)
	return os.WriteFile(name, p.heap, 0o644)
}

func cpuNow() time.Duration {
	var ru syscall.Rusage
	syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// goMemory samples, until stop is called, the memory the Go runtime holds
// from the system (heap, stacks, metadata; less what it has released), so
// that the peak RSS can be told apart from what the Go code holds and what
// C-like allocators (SQLite's page caches) hold.
func goMemory() (stop func() int64) {
	samples := []metrics.Sample{{Name: "/memory/classes/total:bytes"}, {Name: "/memory/classes/heap/released:bytes"}}
	read := func() int64 {
		metrics.Read(samples)
		return int64(samples[0].Value.Uint64() - samples[1].Value.Uint64())
	}
	var mu sync.Mutex
	peak := read()
	done := make(chan struct{})
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		t := time.NewTicker(100 * time.Millisecond)
		defer t.Stop()
		for {
			select {
			case <-done:
				return
			case <-t.C:
				v := read()
				mu.Lock()
				peak = max(peak, v)
				mu.Unlock()
			}
		}
	}()
	return func() int64 {
		close(done)
		wg.Wait()
		return max(peak, read())
	}
}
