// The Go runtime under xlift: goroutines on several threads, channels,
// timers, a recovered nil-pointer panic (Go's SIGSEGV handler moves the pc
// to sigpanic) and async preemption (SIGURG). Each mode prints the same
// output on every run, so the riscv64 build under xlift must print what
// the native build prints.
package main

import (
	"fmt"
	"os"
	"runtime"
	"sort"
	"sync"
	"sync/atomic"
	"time"
)

type node struct {
	next *node
	v    int
}

// Eight goroutines on four Ps sum ranges and send the sums over a channel.
func goroutines() {
	runtime.GOMAXPROCS(4)
	fmt.Println("procs>1:", runtime.GOMAXPROCS(0) > 1)
	var wg sync.WaitGroup
	results := make(chan int, 8)
	for i := 0; i < 8; i++ {
		wg.Add(1)
		go func(i int) {
			defer wg.Done()
			s := 0
			for j := 0; j <= i*100000; j++ {
				s += j
			}
			results <- s
		}(i)
	}
	wg.Wait()
	close(results)
	var sums []int
	for s := range results {
		sums = append(sums, s)
	}
	sort.Ints(sums)
	fmt.Println("sums:", sums)
	unbuffered := make(chan int)
	go func() {
		for i := 1; i <= 3; i++ {
			unbuffered <- i * i
		}
		close(unbuffered)
	}()
	for v := range unbuffered {
		fmt.Println("received", v)
	}
}

func timers() {
	start := time.Now()
	time.Sleep(20 * time.Millisecond)
	<-time.After(10 * time.Millisecond)
	t := time.NewTimer(5 * time.Millisecond)
	<-t.C
	fmt.Println("slept at least 35ms:", time.Since(start) >= 35*time.Millisecond)
	ticker := time.NewTicker(2 * time.Millisecond)
	for i := 0; i < 3; i++ {
		<-ticker.C
	}
	ticker.Stop()
	fmt.Println("ticks: 3")
}

func dereference(n *node) (msg string) {
	defer func() {
		if r := recover(); r != nil {
			msg = fmt.Sprint("recovered: ", r)
		}
	}()
	return fmt.Sprint(n.next.v)
}

func panics() {
	for i := 0; i < 3; i++ {
		fmt.Println(dereference(nil))
	}
	fmt.Println(dereference(&node{next: &node{v: 42}}))
}

// With one P, the main goroutine's loop has no call in it: only an
// asynchronous preemption (SIGURG) lets the sleeping goroutine run and
// end it.
func preemption() {
	runtime.GOMAXPROCS(1)
	var stop int32
	go func() {
		time.Sleep(10 * time.Millisecond)
		atomic.StoreInt32(&stop, 1)
	}()
	spins := 0
	for atomic.LoadInt32(&stop) == 0 {
		spins++
	}
	fmt.Println("preempted: true")
}

func main() {
	modes := map[string]func(){
		"goroutines": goroutines, "timers": timers,
		"panics": panics, "preemption": preemption,
	}
	for _, m := range os.Args[1:] {
		run, ok := modes[m]
		if !ok {
			fmt.Fprintln(os.Stderr, "unknown mode", m)
			os.Exit(2)
		}
		run()
	}
}
