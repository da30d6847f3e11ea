/*
 * checksums.c: the image checksum of every .dll and .exe of a directory,
 * through the imagehlp.dll the program loads: one line per file,
 * "NAME HEADERSUM CHECKSUM".  tools/checksums.test runs it with ours and
 * with Wine's builtin over Wine's own DLLs and compares.  The first line
 * says which imagehlp.dll answered ("imagehlp: ours" or "imagehlp:
 * builtin"), so a run against the wrong DLL cannot pass.
 */
#include <stdio.h>
#include <string.h>
#include <windows.h>
#include <imagehlp.h>

int main(int argc, char **argv)
{
    char pattern[MAX_PATH], path[MAX_PATH];
    WIN32_FIND_DATAA fd;
    HMODULE imagehlp;
    DWORD (WINAPI *map_and_sum)(PCSTR, PDWORD, PDWORD);
    HANDLE h;
    int files = 0;

    if (argc != 2)
    {
        fprintf(stderr, "usage: checksums DIRECTORY\n");
        return 2;
    }
    imagehlp = LoadLibraryA("imagehlp.dll");
    map_and_sum = imagehlp ? (void *)GetProcAddress(imagehlp, "MapFileAndCheckSumA") : NULL;
    if (!map_and_sum)
    {
        fprintf(stderr, "no imagehlp.dll or no MapFileAndCheckSumA\n");
        return 2;
    }
    printf("imagehlp: %s\n", !memcmp((const char *)imagehlp + 0x40, "Wine builtin DLL", 16) ? "builtin" : "ours");
    snprintf(pattern, sizeof(pattern), "%s\\*", argv[1]);
    if ((h = FindFirstFileA(pattern, &fd)) == INVALID_HANDLE_VALUE) return 1;
    do
    {
        const char *ext = strrchr(fd.cFileName, '.');
        DWORD header = 0, sum = 0, ret;

        if (fd.dwFileAttributes & FILE_ATTRIBUTE_DIRECTORY) continue;
        if (!ext || (_stricmp(ext, ".dll") && _stricmp(ext, ".exe"))) continue;
        snprintf(path, sizeof(path), "%s\\%s", argv[1], fd.cFileName);
        ret = map_and_sum(path, &header, &sum);
        printf("%s %lu %08lx %08lx\n", fd.cFileName, ret, header, sum);
        files++;
    } while (FindNextFileA(h, &fd));
    FindClose(h);
    fprintf(stderr, "%d files\n", files);
    return 0;
}
