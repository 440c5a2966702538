// Foundation on Linux carries its own ICU module; Debian's libxml2 headers include the system ICU
// headers, and a target importing both fails to build. The streaming reader uses no ICU fields, so
// hide them (see shared PLATFORM-NOTES.md).
#include <libxml/xmlversion.h>
#undef LIBXML_ICU_ENABLED
#include <libxml/xmlreader.h>
#include <libxml/xmlerror.h>
#include <libxml/parser.h>
