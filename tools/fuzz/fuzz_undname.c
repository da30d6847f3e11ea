/*
 * fuzz_undname.c: libFuzzer target for both undecorators (MSVC "?..." and
 * Itanium "_Z..." names go through the same entry point).  The first two
 * bytes are the UNDNAME_* flags, the rest the name (at most 512 bytes).
 * The whole result is asked for, then every output size from its length
 * down to 1 must give the same prefix and the same total length.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "undname.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char name[513], full[4096], part[4096];
    unsigned flags;
    size_t len, n, k;

    if (size < 2) return 0;
    flags = data[0] | data[1] << 8;
    n = size - 2 < 512 ? size - 2 : 512;
    memcpy(name, data + 2, n);
    name[n] = 0;
    len = undname_demangle(name, full, sizeof(full), flags);
    /* The loop below looks at part[len + 1]. */
    if (!len || len + 1 >= sizeof(part)) return 0;
    for (k = len + 1; k >= 1; k--)
    {
        memset(part, 0x55, sizeof(part));
        if (undname_demangle(name, part, k, flags) != len) abort();
        if (strlen(part) != k - 1 || memcmp(part, full, k - 1) || part[k] != 0x55) abort();
    }
    return 0;
}
