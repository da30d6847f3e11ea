/*
 * memory.c: reading the target's memory.  One reader for everything that
 * reads another process: the stack walker (through the caller's read
 * routine when it gives one), the function-table lookups, the loader of
 * images that exist only in memory (which also asks the CBA_READ_MEMORY
 * callback, as the documentation of SymRegisterCallback describes), and the
 * module enumeration's machine check.
 */
#include "dbghelp_private.h"

BOOL target_read(const struct target_memory *m, DWORD64 addr, void *buf, DWORD len)
{
    DWORD got = 0;
    SIZE_T done = 0;

#ifndef _WIN64
    if (m->read32) return (DWORD)addr == addr && m->read32(m->process, (DWORD)addr, buf, len, &got);
#endif
    if (m->read) return m->read(m->process, addr, buf, len, &got);
    if (m->pcs)
    {
        IMAGEHLP_CBA_READ_MEMORY rm;

        rm.addr = addr;
        rm.buf = buf;
        rm.bytes = len;
        rm.bytesread = &got;
        if (process_callback(m->pcs, CBA_READ_MEMORY, &rm) && got == len) return TRUE;
    }
    if ((SIZE_T)addr != addr) return FALSE;
    return ReadProcessMemory(m->process, (const void *)(SIZE_T)addr, buf, len, &done) && done == len;
}
