// jemalloc's start-up options, read by the allocator itself from this
// symbol before main (it is a link-time setting, not program state):
// - narenas:2: a 2-core edge box gains nothing from jemalloc's default of
//   four arenas per core, and each arena holds memory of its own;
// - background_thread: a jemalloc thread returns freed pages to the kernel,
//   so RSS falls back after a burst (a large list, a scale-down) without
//   any request thread paying for it;
// - dirty_decay_ms:1000, muzzy_decay_ms:0: give them back after a second,
//   not ten;
// - tcache_max:4096: per-thread caches only for small objects (the JSON
//   nodes that dominate the heap are well under 4 KiB). Their depth stays
//   jemalloc's default (tcache_nslots_small_max 200): capping it at 20 saved
//   1.5 MB of idle RSS (27.3 against 28.8 MB) but cost 15% of the server's
//   CPU under load, in refills and flushes of the tiny caches
//   (bench_simulated, 30,000 pods: 54.1 against 45.9 s of CPU).
extern "C" {
// NOLINTNEXTLINE: the name and linkage are jemalloc's.
const char* malloc_conf = "narenas:2,background_thread:true,dirty_decay_ms:1000,muzzy_decay_ms:0,tcache_max:4096";
}
