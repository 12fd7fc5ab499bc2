import { _t } from "@web/core/l10n/translation";
import { useRef, useState } from "@odoo/owl";
import { BarcodeScanner } from "@barcodes/components/barcode_scanner";
import { useBus, useService } from "@web/core/utils/hooks";

/**
 * The scan field of the kiosk. A keyboard-wedge scanner types into it (Enter sends the code);
 * scans that arrive while something else has the focus come through the `barcode` service of
 * `@barcodes`; the camera button (the `@barcodes` scanner) opens the phone's camera.
 */
export class CheckinScanInput extends BarcodeScanner {
    static template = "meeting_management.CheckinScanInput";
    static props = {
        ...BarcodeScanner.props,
        onBlur: { type: Function, optional: true },
        slots: { type: Object, optional: true },
    };

    setup() {
        super.setup();
        this.inputRef = useRef("scanInput");
        this.state = useState({ code: "" });
        const barcode = useService("barcode");
        useBus(barcode.bus, "barcode_scanned", (ev) => {
            // The scan input handles its own Enter; this catches scans typed elsewhere.
            if (ev.detail.target !== this.inputRef.el) {
                this.props.onBarcodeScanned(ev.detail.barcode);
            }
        });
    }

    onKeydown(ev) {
        if (ev.key === "Enter") {
            ev.preventDefault();
            const code = ev.target.value;
            // cleared at once: the next scan may start typing before the next render
            ev.target.value = "";
            this.state.code = "";
            this.props.onBarcodeScanned(code);
        }
    }

    onBlur(ev) {
        this.props.onBlur?.(ev);
    }

    async openMobileScanner() {
        let code = null;
        try {
            code = await this.scanBarcode();
        } catch (error) {
            this.notification.add(error.message || _t("The camera could not be opened."), {
                type: "warning",
            });
        }
        if (code) {
            await this.props.onBarcodeScanned(code);
        } else {
            this.onBlur();
        }
    }
}
