/*
 * msf.h: the Multi-Stream Format of PDB 7.0 files (LLVM's documentation
 * of it: "The MSF File Format"), read through a bounded byte view, and the
 * identity of a PDB (its GUID and age) as symbol servers index it; and the
 * header of a separate .dbg file.  No windows.h: built natively too.
 */
#ifndef DBGHELP_MSF_H
#define DBGHELP_MSF_H

#include "core.h"

struct msf
{
    const struct byte_view *view;
    uint32_t block_size;
    uint32_t nblocks;
    uint32_t nstreams;
    const unsigned char *dir;     /* the stream directory (arena copy) */
    uint32_t dir_len;
    uint32_t *first_block;        /* nstreams: index of each stream's block list in dir */
};

#define MSF_NIL_STREAM 0xffffffffu

/* 0 with *msf ready, -1 when the view is no MSF 7.0 file or its directory
 * does not fit in it.  Allocations come from arena. */
int msf_open(struct msf *msf, const struct byte_view *view, struct arena *arena);
/* The size of a stream, or -1 for a nil or out-of-range stream. */
int64_t msf_stream_size(const struct msf *msf, uint32_t stream);
/* Copy [off, off+len) of a stream; 0, or -1 when any byte is missing. */
int msf_read(const struct msf *msf, uint32_t stream, uint32_t off, void *buf, uint32_t len);

/* The PDB's identity: the GUID of its info stream and the age of its DBI
 * stream (the one the linker keeps current), as Windows' symbol server
 * reports them.  0, or -1 when the file is no readable PDB 7.0. */
int pdb_read_index(const struct byte_view *view, uint8_t guid[16], uint32_t *age);

/* A separate .dbg file (IMAGE_SEPARATE_DEBUG_HEADER, "DI"): its image's
 * TimeDateStamp and SizeOfImage.  0, or -1. */
int dbg_read_header(const struct byte_view *view, uint32_t *timestamp, uint32_t *size_of_image);

#endif /* DBGHELP_MSF_H */
