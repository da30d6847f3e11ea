/*
 * checksum.c: CheckSumMappedFile and MapFileAndCheckSum(A/W), the image
 * checksum Windows' loader verifies for drivers and boot images and that
 * linkers write with /RELEASE.  The sum itself is the portable core's
 * (pe_checksum in pe.c).
 */
#include "imagehlp_private.h"

PIMAGE_NT_HEADERS WINAPI CheckSumMappedFile(PVOID base, DWORD length, PDWORD header_sum,
                                            PDWORD checksum)
{
    const unsigned char *data = base;
    size_t at;
    DWORD stored = 0;

    /* Windows (since Vista) refuses an empty file, whatever the base:
     * Wine's imagehlp tests, which pass there, check it. */
    if (!header_sum || !checksum || !base || !length)
    {
        SetLastError(ERROR_INVALID_PARAMETER);
        return NULL;
    }
    at = pe_checksum_offset(data, length);
    if (at != (size_t)-1) memcpy(&stored, data + at, sizeof(stored));
    *header_sum = stored;
    *checksum = pe_checksum(data, length, at);
    if (at == (size_t)-1) return NULL;
    return (IMAGE_NT_HEADERS *)(data + ((const IMAGE_DOS_HEADER *)data)->e_lfanew);
}

DWORD WINAPI MapFileAndCheckSumW(PCWSTR path, PDWORD header_sum, PDWORD checksum)
{
    HANDLE file, map;
    LARGE_INTEGER size;
    void *view;

    if (!path || !header_sum || !checksum) return CHECKSUM_OPEN_FAILURE;
    file = CreateFileW(path, GENERIC_READ, FILE_SHARE_READ | FILE_SHARE_WRITE, NULL, OPEN_EXISTING,
                       FILE_ATTRIBUTE_NORMAL, NULL);
    if (file == INVALID_HANDLE_VALUE) return CHECKSUM_OPEN_FAILURE;
    if (!GetFileSizeEx(file, &size) || size.QuadPart > 0xffffffffu ||
        !(map = CreateFileMappingW(file, NULL, PAGE_READONLY, 0, 0, NULL)))
    {
        CloseHandle(file);
        return CHECKSUM_MAP_FAILURE;
    }
    if (!(view = MapViewOfFile(map, FILE_MAP_READ, 0, 0, 0)))
    {
        CloseHandle(map);
        CloseHandle(file);
        return CHECKSUM_MAPVIEW_FAILURE;
    }
    CheckSumMappedFile(view, (DWORD)size.QuadPart, header_sum, checksum);
    UnmapViewOfFile(view);
    CloseHandle(map);
    CloseHandle(file);
    return CHECKSUM_SUCCESS;
}

DWORD WINAPI MapFileAndCheckSumA(PCSTR path, PDWORD header_sum, PDWORD checksum)
{
    WCHAR *wpath;
    DWORD ret;
    int len;

    if (!path) return CHECKSUM_OPEN_FAILURE;
    if (!(len = MultiByteToWideChar(CP_ACP, 0, path, -1, NULL, 0)) ||
        !(wpath = HeapAlloc(GetProcessHeap(), 0, len * sizeof(WCHAR))))
        return CHECKSUM_UNICODE_FAILURE;
    MultiByteToWideChar(CP_ACP, 0, path, -1, wpath, len);
    ret = MapFileAndCheckSumW(wpath, header_sum, checksum);
    HeapFree(GetProcessHeap(), 0, wpath);
    return ret;
}
