import {
  ChangeDetectionStrategy,
  Component,
  type ElementRef,
  afterRenderEffect,
  computed,
  input,
  output,
  viewChild,
  DestroyRef,
  inject,
} from '@angular/core';
import {
  BarController,
  BarElement,
  CategoryScale,
  Chart,
  LinearScale,
  LineController,
  LineElement,
  PointElement,
  Tooltip,
  type ChartConfiguration,
} from 'chart.js';

// Only what the insights draw: bars and lines on category and linear axes.
Chart.register(
  BarController,
  BarElement,
  LineController,
  LineElement,
  PointElement,
  CategoryScale,
  LinearScale,
  Tooltip,
);

/** A bar (or point) that was clicked: its dataset and its label's index. */
export interface ChartHit {
  dataset: number;
  index: number;
}

/**
 * One Chart.js chart on a canvas, redrawn when its configuration changes, with
 * its legend in HTML. The canvas is an image for assistive technology, labelled
 * by `label`; the page offers the same numbers as a table.
 */
@Component({
  selector: 'app-insights-chart',
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `<ul class="legend" aria-hidden="true">
      @for (item of legend(); track item.label) {
        <li><span class="swatch" [style.background]="item.colour"></span>{{ item.label }}</li>
      }
    </ul>
    <div class="frame" [style.height.px]="height()">
      <canvas #canvas role="img" [attr.aria-label]="label()"></canvas>
    </div>`,
  styles: `
    :host {
      display: block;
    }
    .frame {
      position: relative;
      width: 100%;
    }
    .legend {
      display: flex;
      flex-wrap: wrap;
      gap: 0.2rem 0.9rem;
      list-style: none;
      margin: 0 0 0.5rem;
      padding: 0;
      font-size: 0.8rem;
      color: var(--text-2);
    }
    .swatch {
      display: inline-block;
      width: 0.7rem;
      height: 0.7rem;
      border-radius: 2px;
      margin-right: 0.3rem;
      vertical-align: -0.05rem;
    }
  `,
})
export class InsightsChart {
  readonly config = input.required<ChartConfiguration>();
  readonly label = input.required<string>();
  readonly height = input(260);
  /** Whether bars can be clicked (`hit` tells which). */
  readonly clickable = input(false);
  readonly hit = output<ChartHit>();

  /** The legend, in HTML rather than on the canvas: it wraps on narrow screens. */
  protected readonly legend = computed(() =>
    this.config().data.datasets.map((d) => ({
      label: d.label ?? '',
      colour: String(d.backgroundColor ?? d.borderColor ?? 'currentColor'),
    })),
  );

  private readonly canvas = viewChild.required<ElementRef<HTMLCanvasElement>>('canvas');
  private chart: Chart | undefined;

  constructor() {
    afterRenderEffect(() => {
      const config = this.config();
      const clickable = this.clickable();
      this.chart?.destroy();
      this.chart = new Chart(this.canvas().nativeElement, {
        ...config,
        options: {
          ...config.options,
          responsive: true,
          maintainAspectRatio: false,
          // Drawn at once: nothing moves for those who prefer less motion, or at all.
          animation: false,
          plugins: { ...config.options?.plugins, legend: { display: false } },
          onClick: (_event, elements) => {
            const [first] = elements;
            if (clickable && first)
              this.hit.emit({ dataset: first.datasetIndex, index: first.index });
          },
          onHover: (event, elements) => {
            const target = event.native?.target as HTMLElement | undefined;
            if (target && clickable)
              target.style.cursor = elements.length > 0 ? 'pointer' : 'default';
          },
        },
      });
    });
    inject(DestroyRef).onDestroy(() => this.chart?.destroy());
  }
}
