/* po.c — gettext PO catalogues through libgettextpo.  (Being written.) */
#include "internal.h"

static tercume_status
po_read(tercume_catalog **out, const char *path, tercume_reporter *rep)
{
	*out = NULL;
	tu_error(rep, path, 0, 0, "PO reading is not implemented yet");
	return TERCUME_EUSAGE;
}

static tercume_status
po_write(const tercume_catalog *cat, const char *path, tercume_reporter *rep)
{
	(void)cat;
	tu_error(rep, path, 0, 0, "PO writing is not implemented yet");
	return TERCUME_EUSAGE;
}

const tu_format tu_format_po = { TERCUME_FORMAT_PO, "po", po_read, po_write };
