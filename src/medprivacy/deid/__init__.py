"""De-identification of DICOM files, EHR tables and clinical text."""
