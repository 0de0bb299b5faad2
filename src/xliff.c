/* xliff.c — XLIFF 1.2 and 2.0 catalogues through libxml2.  (Being written.) */
#include "internal.h"

static tercume_status
xliff_read(tercume_catalog **out, const char *path, tercume_reporter *rep)
{
	*out = NULL;
	tu_error(rep, path, 0, 0, "XLIFF reading is not implemented yet");
	return TERCUME_EUSAGE;
}

static tercume_status
xliff_write(const tercume_catalog *cat, const char *path, tercume_reporter *rep)
{
	(void)cat;
	tu_error(rep, path, 0, 0, "XLIFF writing is not implemented yet");
	return TERCUME_EUSAGE;
}

const tu_format tu_format_xliff12 = { TERCUME_FORMAT_XLIFF12, "xliff12", xliff_read, xliff_write };
const tu_format tu_format_xliff20 = { TERCUME_FORMAT_XLIFF20, "xliff20", xliff_read, xliff_write };
