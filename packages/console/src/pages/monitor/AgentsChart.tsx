// The agents-by-status pie: ECharts' core with only the pie chart and canvas renderer, in this chunk.
import { useEffect, useRef } from 'react';
import { PieChart } from 'echarts/charts';
import { LegendComponent, TooltipComponent } from 'echarts/components';
import * as echarts from 'echarts/core';
import { CanvasRenderer } from 'echarts/renderers';

echarts.use([PieChart, LegendComponent, TooltipComponent, CanvasRenderer]);

export default function AgentsChart({ data, label }: { data: { name: string; value: number; color: string }[]; label: string }) {
  const element = useRef<HTMLDivElement>(null);
  const chart = useRef<echarts.ECharts | null>(null);
  useEffect(() => {
    if (!element.current) return;
    const instance = echarts.init(element.current);
    chart.current = instance;
    const resize = () => instance.resize();
    window.addEventListener('resize', resize);
    return () => {
      window.removeEventListener('resize', resize);
      instance.dispose();
      chart.current = null;
    };
  }, []);
  useEffect(() => {
    chart.current?.setOption({
      // Refreshed every few seconds: no animation, so the chart does not redraw itself each time.
      animation: false,
      tooltip: { trigger: 'item' },
      // Counts in the legend, not beside the slices (labels outside a narrow card are cut off).
      legend: { bottom: 0, data: data.map((d) => ({ name: d.name, itemStyle: { color: d.color } })), formatter: (name: string) => `${name} ${data.find((d) => d.name === name)?.value ?? 0}` },
      series: [
        {
          name: label,
          type: 'pie',
          radius: ['45%', '70%'],
          avoidLabelOverlap: true,
          label: { show: false },
          // Statuses nobody is in stay in the legend but get no slice (their labels would pile up).
          data: data.filter((d) => d.value > 0).map((d) => ({ name: d.name, value: d.value, itemStyle: { color: d.color } })),
        },
      ],
    });
  }, [data, label]);
  return <div ref={element} style={{ width: '100%', height: 260 }} role="img" aria-label={label} data-testid="agents-chart" />;
}
