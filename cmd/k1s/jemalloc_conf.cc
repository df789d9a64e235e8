// jemalloc's start-up options, read by the allocator itself from this
// symbol before main (it is a link-time setting, not program state):
// - narenas:2: a 2-core edge box gains nothing from jemalloc's default of
//   four arenas per core, and each arena holds memory of its own;
// - background_thread: a jemalloc thread returns freed pages to the kernel,
//   so RSS falls back after a burst (a large list, a scale-down) without
//   any request thread paying for it;
// - dirty_decay_ms:1000, muzzy_decay_ms:0: give them back after a second,
//   not ten;
// - tcache_max:4096, tcache_nslots_small_max:20: small per-thread caches,
//   only for small objects (the JSON nodes that dominate the heap are well
//   under 4 KiB). The server has some 130 threads; jemalloc's default
//   caches cost 7 MB of idle RSS, these 2 MB, with the same throughput.
extern "C" {
// NOLINTNEXTLINE: the name and linkage are jemalloc's.
const char* malloc_conf = "narenas:2,background_thread:true,dirty_decay_ms:1000,muzzy_decay_ms:0,tcache_max:4096,tcache_nslots_small_max:20";
}
