/** The files an uploaded (third-party ONNX) version keeps. */
export const UPLOADED_ARTIFACTS = Object.freeze({
  /** The file as uploaded, byte for byte. */
  originalOnnx: 'uploaded.onnx',
  /** The file rewritten for serving (ZipMap removed, batch axis freed); what scores. */
  servingOnnx: 'model.onnx',
  /** What inspection found: inputs, outputs, class labels, the positive class, the field mapping. */
  inspection: 'inspection.json',
} as const);
