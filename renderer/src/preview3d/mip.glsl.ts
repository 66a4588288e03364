/**
 * The maximum-intensity compositing snippet slotted into the ray-march shader (Viv's pattern: one
 * marcher, compositing modes as small snippets). It keeps the brightest sample along the ray.
 */
export const mipComposite = /* glsl */ `
float compositeAccumulator;
void compositeInit() { compositeAccumulator = 0.0; }
void compositeStep(float value) { compositeAccumulator = max(compositeAccumulator, value); }
float compositeValue() { return compositeAccumulator; }
`;
