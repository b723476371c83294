//! The program's allocator: mimalloc instead of the system's. An import allocates and frees a
//! few strings for every value of millions of rows, on two threads at once; with mimalloc the
//! national import reads and writes its rows in two thirds of the time (benchmarks.md, issue 21).
#![allow(unsafe_code)] // one call into mimalloc's C interface, below

#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// Gives the memory freed so far back to the system. mimalloc keeps freed pages a while for
/// reuse and returns them when their thread allocates again: the reader of an import is done
/// once its rows are read, and its pages would stay counted until the end of the import.
pub fn give_back_freed() {
    // SAFETY: `mi_collect` takes no pointer and may be called from any thread at any time; it
    // only returns unused pages to the system.
    unsafe { libmimalloc_sys::mi_collect(true) }
}
