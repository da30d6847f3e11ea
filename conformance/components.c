/*
 * components.c: Wine's own components calling our DLLs.  Wine's
 * wintrust.dll imports imagehlp's certificate functions: WinVerifyTrust on
 * an image reads its attribute certificate table through them.  The run
 * proves that the imagehlp.dll in the process is the one under test, then
 * that an unsigned copy of a real DLL gets TRUST_E_NOSIGNATURE and a copy
 * given a (malformed) signature with ImageAddCertificate gets another
 * answer: wintrust found the certificate through imagehlp.
 */
#include <stdio.h>
#include <string.h>
#include "wtest.h"
#include "wtest_dbghelp.h"
#include <imagehlp.h>
#include <wintrust.h>
#include <softpub.h>

static LONG (WINAPI *pWinVerifyTrust)(HWND, GUID *, LPVOID);
static BOOL (WINAPI *pImageAddCertificate)(HANDLE, LPWIN_CERTIFICATE, PDWORD);

static LONG verify(const char *path)
{
    GUID action = WINTRUST_ACTION_GENERIC_VERIFY_V2;
    WINTRUST_FILE_INFO file;
    WINTRUST_DATA data;
    WCHAR wpath[MAX_PATH];

    MultiByteToWideChar(CP_ACP, 0, path, -1, wpath, MAX_PATH);
    memset(&file, 0, sizeof(file));
    file.cbStruct = sizeof(file);
    file.pcwszFilePath = wpath;
    memset(&data, 0, sizeof(data));
    data.cbStruct = sizeof(data);
    data.dwUIChoice = WTD_UI_NONE;
    data.fdwRevocationChecks = WTD_REVOKE_NONE;
    data.dwUnionChoice = WTD_CHOICE_FILE;
    data.pFile = &file;
    data.dwStateAction = WTD_STATEACTION_IGNORE;
    return pWinVerifyTrust(INVALID_HANDLE_VALUE, &action, &data);
}

static void test_wintrust(void)
{
    char fixa[MAX_PATH], path[MAX_PATH];
    BYTE buf[FIELD_OFFSET(WIN_CERTIFICATE, bCertificate) + 64];
    WIN_CERTIFICATE *cert = (WIN_CERTIFICATE *)buf;
    HMODULE wintrust = LoadLibraryA("wintrust.dll");
    DWORD index;
    HANDLE h;
    LONG ret;

    ok(wintrust != NULL, "cannot load wintrust.dll: %lu\n", GetLastError());
    if (!wintrust) return;
    pWinVerifyTrust = (void *)GetProcAddress(wintrust, "WinVerifyTrust");
    ok(pWinVerifyTrust != NULL, "no WinVerifyTrust\n");
    if (!pWinVerifyTrust) return;
    snprintf(fixa, sizeof(fixa), "%sfixa.dll", wtest_fixtures);
    snprintf(path, sizeof(path), "%strust.dll", wtest_tmpdir);
    ok(CopyFileA(fixa, path, FALSE), "cannot copy fixa.dll\n");
    ret = verify(path);
    ok(ret == TRUST_E_NOSIGNATURE, "unsigned: %#lx\n", ret);
    /* A signature that is no PKCS #7 message. */
    memset(buf, 0x30, sizeof(buf));
    cert->dwLength = sizeof(buf);
    cert->wRevision = WIN_CERT_REVISION_2_0;
    cert->wCertificateType = WIN_CERT_TYPE_PKCS_SIGNED_DATA;
    h = CreateFileA(path, GENERIC_READ | GENERIC_WRITE, 0, NULL, OPEN_EXISTING, 0, NULL);
    ok(pImageAddCertificate(h, cert, &index), "ImageAddCertificate: %lu\n", GetLastError());
    CloseHandle(h);
    ret = verify(path);
    ok(ret != TRUST_E_NOSIGNATURE && ret != ERROR_SUCCESS, "malformed signature: %#lx\n", ret);
    trace("WinVerifyTrust on the malformed signature: %#lx\n", ret);
    DeleteFileA(path);
}

START_TEST(components)
{
    HMODULE imagehlp = wtest_imagehlp();

    if (!imagehlp) return;
    pImageAddCertificate = (void *)GetProcAddress(imagehlp, "ImageAddCertificate");
    ok(pImageAddCertificate != NULL, "no ImageAddCertificate\n");
    if (!pImageAddCertificate) return;
    test_wintrust();
    /* wintrust bound to the imagehlp.dll already in the process: ours in
     * the strict run (checked by wtest_imagehlp). */
    ok(GetModuleHandleA("imagehlp.dll") == imagehlp, "another imagehlp.dll was loaded\n");
}
