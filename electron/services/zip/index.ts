export { ZipFormatError, ZipReader, type ZipEntry, type ZipOpenOptions, type ZipProblem } from './zipReader';
export { ZipWriter, type AddFileOptions, type ZipFileCheck } from './zipWriter';
