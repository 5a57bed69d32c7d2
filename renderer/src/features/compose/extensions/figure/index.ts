export { Figure, figureFromAsset, type FigureOptions } from './figure';
