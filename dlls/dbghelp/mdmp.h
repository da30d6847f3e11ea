/*
 * mdmp.h: the minidump file format (Microsoft's minidumpapiset.h
 * documentation) read through a bounded byte view, and the memory-range
 * list the writer builds.  No windows.h: built natively too.
 */
#ifndef DBGHELP_MDMP_H
#define DBGHELP_MDMP_H

#include "core.h"

#define MDMP_SIGNATURE 0x504d444du /* "MDMP" */
#define MDMP_VERSION   42899u      /* the low 16 bits of Version */
#define MDMP_HEADER_SIZE 32u
#define MDMP_DIRENT_SIZE 12u

#define MDMP_STREAM_MEMORY_LIST   5u
#define MDMP_STREAM_MEMORY64_LIST 9u

/* One entry of the stream directory. */
struct mdmp_stream
{
    uint32_t type;
    uint32_t size;
    uint32_t rva;
};

/* The header's stream count and directory RVA: 0, or -1 when the view is
 * no minidump (signature, version) or its directory does not fit. */
int mdmp_open(const struct byte_view *view, uint32_t *nstreams, uint32_t *dir_rva);
/* The first directory entry of the given type whose data lies in the
 * view: its index (0-based) and contents, or -1. */
int64_t mdmp_find_stream(const struct byte_view *view, uint32_t type, struct mdmp_stream *out);
/* Copy len bytes of target memory at addr from the dump's memory lists
 * (MemoryListStream, then Memory64ListStream); 0, or -1 when any byte is
 * missing. */
int mdmp_read_memory(const struct byte_view *view, uint64_t addr, void *buf, uint32_t len);

/* A range of target addresses [start, start + size). */
struct mdmp_range
{
    uint64_t start;
    uint64_t size;
};
/* Sort ranges by start and merge those that overlap or touch; empty ranges
 * go.  Returns the new count.  A range running past 2^64 is cut there. */
size_t mdmp_ranges_merge(struct mdmp_range *ranges, size_t n);
/* Remove [start, start + size) from a merged list of at most *n entries
 * in an array of cap entries (a split needs one more); 0, or -1 when the
 * array is full (nothing changed). */
int mdmp_ranges_remove(struct mdmp_range *ranges, size_t *n, size_t cap, uint64_t start,
                       uint64_t size);

#endif /* DBGHELP_MDMP_H */
