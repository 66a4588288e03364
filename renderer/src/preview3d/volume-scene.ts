/**
 * The Three.js scene of the 3D preview: a box mesh ray-marching the preview volume (MIP), the
 * finished regions as a wireframe, an orbit camera. It renders on demand (after data, contrast,
 * resize or an orbit move), never in a loop, and `dispose` frees every GPU resource it made.
 * A multi-channel run's preview is drawn by a second material: up to four channels in one RGBA
 * texture, each channel's MIP through its contrast and colour, blended additively (setComposite).
 *
 * @example
 *   const scene = new VolumeScene(canvas, gl);
 *   scene.setVolume(header, samples);
 *   scene.setContrast(effectiveContrast(display, header.range ?? { lo: 0, hi: 1 }));
 *   scene.dispose();
 */
import {
  BackSide,
  BoxGeometry,
  BufferAttribute,
  BufferGeometry,
  Data3DTexture,
  DataTexture,
  GLSL3,
  Group,
  HalfFloatType,
  LinearFilter,
  LineBasicMaterial,
  LineSegments,
  Mesh,
  PerspectiveCamera,
  RedFormat,
  RGBAFormat,
  Scene,
  ShaderMaterial,
  UnsignedByteType,
  Vector3,
  WebGLRenderer,
} from 'three';
import { OrbitControls } from 'three/examples/jsm/controls/OrbitControls.js';
import type { PreviewHeader } from '../../../app/api/contract.js';
import { lutTable, type Contrast } from '../lib/display.js';
import { boxEdgeVertices, wholeBox } from './done-boxes.js';
import { compositeMarchFragment } from './composite-march.glsl.js';
import { compositeUniforms, packChannels, type ChannelStyle, type PackedChannel } from './composite-march.js';
import { mipComposite } from './mip.glsl.js';
import { rayMarchFragment, rayMarchVertex } from './ray-march.glsl.js';
import { boxScale, lutTexels, marchUniforms, normalizeVolume, type Range } from './ray-march.js';

export class VolumeScene {
  private readonly renderer: WebGLRenderer;
  private readonly scene = new Scene();
  private readonly camera = new PerspectiveCamera(35, 1, 0.01, 100);
  private readonly controls: OrbitControls;
  private readonly group = new Group();
  private readonly material: ShaderMaterial;
  private readonly compositeMaterial: ShaderMaterial;
  private compositeVolume: Data3DTexture | null = null;
  private compositeRanges: Range[] = [];
  private compositeStyles: ChannelStyle[] = [];
  private readonly box: Mesh;
  private readonly outline: LineSegments;
  private readonly done: LineSegments;
  private readonly lut = new DataTexture(new Uint8Array(256 * 4), 256, 1, RGBAFormat, UnsignedByteType);
  private volume: Data3DTexture | null = null;
  private header: PreviewHeader | null = null;
  private range: Range = { lo: 0, hi: 1 };
  private contrast: Contrast = { lo: 0, hi: 1, gamma: 1, lut: 'gray' };
  private frame = 0;

  constructor(canvas: HTMLCanvasElement, context: WebGL2RenderingContext) {
    this.renderer = new WebGLRenderer({ canvas, context, preserveDrawingBuffer: true });
    this.renderer.setClearColor(0x111111, 1);
    this.lut.magFilter = this.lut.minFilter = LinearFilter;
    this.material = new ShaderMaterial({
      glslVersion: GLSL3,
      vertexShader: rayMarchVertex,
      fragmentShader: rayMarchFragment(mipComposite),
      side: BackSide,
      uniforms: {
        uVolume: { value: null },
        uLut: { value: this.lut },
        uCameraModel: { value: new Vector3() },
        uLo: { value: 0 },
        uHi: { value: 1 },
        uGamma: { value: 1 },
        uSteps: { value: 64 },
      },
    });
    this.compositeMaterial = new ShaderMaterial({
      glslVersion: GLSL3,
      vertexShader: rayMarchVertex,
      fragmentShader: compositeMarchFragment,
      side: BackSide,
      uniforms: {
        uVolume: { value: null },
        uCameraModel: { value: new Vector3() },
        uLo: { value: [0, 0, 0, 0] },
        uHi: { value: [1, 1, 1, 1] },
        uGamma: { value: 1 },
        uSteps: { value: 64 },
        uColors: { value: [new Vector3(), new Vector3(), new Vector3(), new Vector3()] },
      },
    });
    this.box = new Mesh(new BoxGeometry(1, 1, 1), this.material);
    this.box.visible = false;
    this.outline = new LineSegments(new BufferGeometry(), new LineBasicMaterial({ color: 0x555555 }));
    this.done = new LineSegments(new BufferGeometry(), new LineBasicMaterial({ color: 0x4fc3f7 }));
    this.group.add(this.box, this.outline, this.done);
    this.scene.add(this.group);
    // From the front-right, a little above, far enough (distance 3 at 35°) that the box's bounding
    // sphere (radius ≤ √3 / 2) fits whatever the orbit angle.
    this.camera.position.set(1.4, -2.0, 1.7);
    this.camera.up.set(0, 0, 1);
    this.controls = new OrbitControls(this.camera, canvas);
    this.controls.addEventListener('change', () => this.requestRender());
  }

  /** New preview data (a fetch after previewUpdated keeps the camera where the user left it). */
  setVolume(header: PreviewHeader, samples: Float32Array, range: Range): void {
    const { x, y, z } = header.dims;
    const changedShape =
      !this.volume ||
      this.volume.image.width !== x ||
      this.volume.image.height !== y ||
      this.volume.image.depth !== z;
    if (changedShape) {
      this.volume?.dispose();
      this.volume = new Data3DTexture(normalizeVolume(samples, range), x, y, z);
      this.volume.format = RedFormat;
      this.volume.type = HalfFloatType;
      this.volume.minFilter = this.volume.magFilter = LinearFilter;
      this.volume.unpackAlignment = 1;
    } else {
      this.volume!.image.data = normalizeVolume(samples, range);
    }
    this.volume!.needsUpdate = true;
    this.material.uniforms.uVolume.value = this.volume;
    this.header = header;
    this.range = range;
    this.box.material = this.material;
    this.place(header);
    this.applyContrast();
  }

  /**
   * A multi-channel preview: the channels (at most four, same dims; the header's boxes are the
   * first's) packed into one texture, drawn with their styles (setCompositeStyles).
   */
  setComposite(header: PreviewHeader, channels: readonly PackedChannel[]): void {
    const { x, y, z } = header.dims;
    const image = this.compositeVolume?.image;
    if (!image || image.width !== x || image.height !== y || image.depth !== z) {
      this.compositeVolume?.dispose();
      this.compositeVolume = new Data3DTexture(packChannels(channels), x, y, z);
      this.compositeVolume.format = RGBAFormat;
      this.compositeVolume.type = HalfFloatType;
      this.compositeVolume.minFilter = this.compositeVolume.magFilter = LinearFilter;
      this.compositeVolume.unpackAlignment = 1;
    } else {
      this.compositeVolume!.image.data = packChannels(channels);
    }
    this.compositeVolume!.needsUpdate = true;
    this.compositeMaterial.uniforms.uVolume.value = this.compositeVolume;
    this.compositeRanges = channels.map((channel) => channel.range);
    this.header = header;
    this.box.material = this.compositeMaterial;
    this.place(header);
    this.applyCompositeStyles();
  }

  /** Each composite channel's contrast and colour, in the order given to setComposite. */
  setCompositeStyles(styles: readonly ChannelStyle[]): void {
    this.compositeStyles = [...styles];
    this.applyCompositeStyles();
  }

  /** The box's physical aspect, its outline and the finished regions. */
  private place(header: PreviewHeader): void {
    const { x, y, z } = header.dims;
    this.group.scale.set(...boxScale(header.dims, header.voxelSize));
    this.box.visible = x > 0 && y > 0 && z > 0;
    setLines(this.outline, boxEdgeVertices([wholeBox(header.dims)], header.dims));
    setLines(this.done, boxEdgeVertices(header.doneBoxes, header.dims));
  }

  setContrast(contrast: Contrast): void {
    this.contrast = contrast;
    this.applyContrast();
  }

  /** Whether the finished-region wireframe is drawn. */
  setWireframe(visible: boolean): void {
    this.done.visible = visible;
    this.requestRender();
  }

  resize(width: number, height: number, pixelRatio = 1): void {
    if (width <= 0 || height <= 0) return;
    this.renderer.setPixelRatio(pixelRatio);
    this.renderer.setSize(width, height, false);
    this.camera.aspect = width / height;
    this.camera.updateProjectionMatrix();
    this.requestRender();
  }

  /** Draws now (tests and screenshots); otherwise renders are coalesced to one per frame. */
  render(): void {
    this.group.updateMatrixWorld();
    const cameraModel = this.box.worldToLocal(this.camera.position.clone());
    ((this.box.material as ShaderMaterial).uniforms.uCameraModel.value as Vector3).copy(cameraModel);
    this.renderer.render(this.scene, this.camera);
  }

  requestRender(): void {
    if (this.frame) return;
    this.frame = requestAnimationFrame(() => {
      this.frame = 0;
      this.render();
    });
  }

  dispose(): void {
    if (this.frame) cancelAnimationFrame(this.frame);
    this.controls.dispose();
    this.box.geometry.dispose();
    this.material.dispose();
    this.compositeMaterial.dispose();
    this.compositeVolume?.dispose();
    for (const lines of [this.outline, this.done]) {
      lines.geometry.dispose();
      (lines.material as LineBasicMaterial).dispose();
    }
    this.volume?.dispose();
    this.lut.dispose();
    this.renderer.dispose();
  }

  private applyCompositeStyles(): void {
    const header = this.header ?? { dims: { x: 1, y: 1, z: 1 } };
    const u = compositeUniforms(this.compositeStyles, this.compositeRanges);
    const uniforms = this.compositeMaterial.uniforms;
    uniforms.uLo.value = u.uLo;
    uniforms.uHi.value = u.uHi;
    uniforms.uGamma.value = u.uGamma;
    uniforms.uSteps.value = marchUniforms(header, { lo: 0, hi: 1 }, { lo: 0, hi: 1, gamma: 1 }).uSteps;
    (uniforms.uColors.value as Vector3[]).forEach((color, k) => color.set(...u.uColors[k]));
    this.requestRender();
  }

  private applyContrast(): void {
    const table = lutTexels(lutTable(this.contrast.lut));
    (this.lut.image.data as Uint8Array).set(table);
    this.lut.needsUpdate = true;
    const u = marchUniforms(this.header ?? { dims: { x: 1, y: 1, z: 1 } }, this.range, this.contrast);
    for (const [name, value] of Object.entries(u)) this.material.uniforms[name].value = value;
    this.requestRender();
  }
}

function setLines(lines: LineSegments, vertices: Float32Array): void {
  lines.geometry.dispose();
  const geometry = new BufferGeometry();
  geometry.setAttribute('position', new BufferAttribute(vertices, 3));
  lines.geometry = geometry;
}
